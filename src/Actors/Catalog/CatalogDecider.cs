using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Catalog;

/// <summary>The names an account owns, in name order, for ListQueues.</summary>
public sealed class CatalogState
{
    readonly SortedSet<string> _queues = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Queues => _queues;

    public CatalogState Apply(ICatalogEvent e)
    {
        _ = e switch
        {
            QueueRegistered registered => _queues.Add(registered.Name),
            QueueUnregistered unregistered => _queues.Remove(unregistered.Name),
            _ => false,
        };
        return this;
    }

    public CatalogSnapshot ToSnapshot() => new(_queues.ToList());

    public static CatalogState FromSnapshot(CatalogSnapshot snapshot)
    {
        var state = new CatalogState();
        foreach (var name in snapshot.QueueNames) state._queues.Add(name);
        return state;
    }
}

public static class CatalogDecider
{
    /// <summary>ListQueues returns at most 1,000 names per call.</summary>
    public const int MaxListResults = 1000;

    public static (object Reply, IReadOnlyList<ICatalogEvent> Events) Decide(CatalogState state, ICatalogCommand command) =>
        command switch
        {
            RegisterQueue register when !state.Queues.Contains(register.Name) =>
                (new CatalogUpdated(), [new QueueRegistered(register.Name)]),
            UnregisterQueue unregister when state.Queues.Contains(unregister.Name) =>
                (new CatalogUpdated(), [new QueueUnregistered(unregister.Name)]),
            RegisterQueue or UnregisterQueue => (new CatalogUpdated(), []),
            ListQueues list => (List(state, list), []),
            _ => (new Rejection(ErrorCode.UnsupportedOperation, $"{command.GetType().Name} is not supported."), []),
        };

    static object List(CatalogState state, ListQueues list)
    {
        if (list.MaxResults is < 1 or > MaxListResults)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {list.MaxResults} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and {MaxListResults}.");
        string? after = null;
        if (!string.IsNullOrEmpty(list.NextToken) && !TryReadToken(list.NextToken, out after))
            return new Rejection(ErrorCode.InvalidParameterValue, "Invalid NextToken value.");
        var limit = list.MaxResults ?? MaxListResults;
        var matches = state.Queues
            .Where(name => list.Prefix is null || name.StartsWith(list.Prefix, StringComparison.Ordinal))
            .Where(name => after is null || string.CompareOrdinal(name, after) > 0)
            .Take(limit + 1)
            .ToList();
        var more = matches.Count > limit;
        if (more) matches.RemoveAt(limit);
        // Paging continues only when the caller asked for pages, as SQS does.
        var token = more && list.MaxResults is not null ? WriteToken(matches[^1]) : null;
        return new QueueList(matches, token);
    }

    static string WriteToken(string lastName) => Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + lastName));

    static bool TryReadToken(string token, out string? after)
    {
        after = null;
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written)) return false;
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        if (!text.StartsWith("after:", StringComparison.Ordinal)) return false;
        after = text["after:".Length..];
        return true;
    }
}
