using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Catalog;

/// <summary>The names an account owns, in name order, for ListQueues.</summary>
public sealed class CatalogState
{
    readonly SortedSet<string> _queues = new(StringComparer.Ordinal);
    // Source queue → the dead-letter queue its RedrivePolicy names.
    readonly Dictionary<string, string> _deadLetterTargets = new(StringComparer.Ordinal);
    readonly SortedSet<string> _topics = new(StringComparer.Ordinal);
    readonly SortedSet<string> _streams = new(StringComparer.Ordinal);
    // Delivery stream name → its type.
    readonly SortedDictionary<string, string> _deliveryStreams = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Queues => _queues;
    public IReadOnlySet<string> Topics => _topics;
    public IReadOnlySet<string> Streams => _streams;
    public IReadOnlyDictionary<string, string> DeliveryStreams => _deliveryStreams;

    public string? DeadLetterTargetOf(string name) => _deadLetterTargets.GetValueOrDefault(name);

    /// <summary>The queues whose dead-letter queue is <paramref name="name"/>, in name order.</summary>
    public IEnumerable<string> DeadLetterSourcesOf(string name) =>
        _deadLetterTargets.Where(pair => pair.Value == name).Select(pair => pair.Key).Order(StringComparer.Ordinal);

    public CatalogState Apply(ICatalogEvent e)
    {
        switch (e)
        {
            case QueueRegistered registered:
                _queues.Add(registered.Name);
                break;
            case QueueUnregistered unregistered:
                _queues.Remove(unregistered.Name);
                _deadLetterTargets.Remove(unregistered.Name);
                break;
            case DeadLetterTargetSet { Target: null } cleared:
                _deadLetterTargets.Remove(cleared.Name);
                break;
            case DeadLetterTargetSet set:
                _deadLetterTargets[set.Name] = set.Target;
                break;
            case TopicRegistered registered:
                _topics.Add(registered.Name);
                break;
            case TopicUnregistered unregistered:
                _topics.Remove(unregistered.Name);
                break;
            case StreamRegistered registered:
                _streams.Add(registered.Name);
                break;
            case StreamUnregistered unregistered:
                _streams.Remove(unregistered.Name);
                break;
            case DeliveryStreamRegistered registered:
                _deliveryStreams[registered.Name] = registered.Type;
                break;
            case DeliveryStreamUnregistered unregistered:
                _deliveryStreams.Remove(unregistered.Name);
                break;
        }
        return this;
    }

    public CatalogSnapshot ToSnapshot() => new(_queues.ToList(), new Dictionary<string, string>(_deadLetterTargets), _topics.ToList(), _streams.ToList(),
        new Dictionary<string, string>(_deliveryStreams));

    public static CatalogState FromSnapshot(CatalogSnapshot snapshot)
    {
        var state = new CatalogState();
        foreach (var name in snapshot.QueueNames) state._queues.Add(name);
        foreach (var (source, target) in snapshot.DeadLetterTargets ?? new Dictionary<string, string>()) state._deadLetterTargets[source] = target;
        foreach (var name in snapshot.TopicNames ?? []) state._topics.Add(name);
        foreach (var name in snapshot.StreamNames ?? []) state._streams.Add(name);
        foreach (var (name, type) in snapshot.DeliveryStreams ?? new Dictionary<string, string>()) state._deliveryStreams[name] = type;
        return state;
    }
}

public static class CatalogDecider
{
    /// <summary>ListQueues returns at most 1,000 names per call.</summary>
    public const int MaxListResults = 1000;
    /// <summary>SNS ListTopics returns 100 topics per call.</summary>
    public const int TopicsPerPage = 100;

    public static (object Reply, IReadOnlyList<ICatalogEvent> Events) Decide(CatalogState state, ICatalogCommand command) =>
        command switch
        {
            RegisterQueue register => (new CatalogUpdated(), Register(state, register)),
            UnregisterQueue unregister when state.Queues.Contains(unregister.Name) =>
                (new CatalogUpdated(), [new QueueUnregistered(unregister.Name)]),
            UnregisterQueue => (new CatalogUpdated(), []),
            ListQueues list => (Page(state.Queues.Where(name => list.Prefix is null || name.StartsWith(list.Prefix, StringComparison.Ordinal)),
                list.MaxResults, list.NextToken), []),
            RegisterTopic register when !state.Topics.Contains(register.Name) => (new CatalogUpdated(), [new TopicRegistered(register.Name)]),
            UnregisterTopic unregister when state.Topics.Contains(unregister.Name) => (new CatalogUpdated(), [new TopicUnregistered(unregister.Name)]),
            RegisterTopic or UnregisterTopic => (new CatalogUpdated(), []),
            RegisterStream register when !state.Streams.Contains(register.Name) => (new CatalogUpdated(), [new StreamRegistered(register.Name)]),
            UnregisterStream unregister when state.Streams.Contains(unregister.Name) => (new CatalogUpdated(), [new StreamUnregistered(unregister.Name)]),
            RegisterStream or UnregisterStream => (new CatalogUpdated(), []),
            RegisterDeliveryStream register when state.DeliveryStreams.GetValueOrDefault(register.Name) != register.Type =>
                (new CatalogUpdated(), [new DeliveryStreamRegistered(register.Name, register.Type)]),
            UnregisterDeliveryStream unregister when state.DeliveryStreams.ContainsKey(unregister.Name) =>
                (new CatalogUpdated(), [new DeliveryStreamUnregistered(unregister.Name)]),
            RegisterDeliveryStream or UnregisterDeliveryStream => (new CatalogUpdated(), []),
            // Firehose pages by name too: one more than asked for tells whether more follow.
            ListDeliveryStreams list => (new NameList(state.DeliveryStreams
                .Where(pair => (list.After is null || string.CompareOrdinal(pair.Key, list.After) > 0) && (list.Type is null || pair.Value == list.Type))
                .Select(pair => pair.Key).Take(list.Limit + 1).ToList(), null), []),
            // Kinesis pages by name: one more than asked for tells whether more follow.
            ListStreams list => (new NameList(state.Streams.Where(n => list.After is null || string.CompareOrdinal(n, list.After) > 0).Take(list.Limit + 1).ToList(), null), []),
            // SNS pages whether or not the caller asked, 100 at a time.
            ListTopics list => (Page(state.Topics, TopicsPerPage, list.NextToken), []),
            ListDeadLetterSources list => (Page(state.DeadLetterSourcesOf(list.Name), list.MaxResults, list.NextToken), []),
            _ => (new Rejection(ErrorCode.UnsupportedOperation, $"{command.GetType().Name} is not supported."), []),
        };

    static List<ICatalogEvent> Register(CatalogState state, RegisterQueue register)
    {
        var events = new List<ICatalogEvent>(2);
        if (!state.Queues.Contains(register.Name)) events.Add(new QueueRegistered(register.Name));
        if (state.DeadLetterTargetOf(register.Name) != register.DeadLetterTarget)
            events.Add(new DeadLetterTargetSet(register.Name, register.DeadLetterTarget));
        return events;
    }

    /// <summary>One page of names (in name order) after the token's name; a token only when the caller asked for pages.</summary>
    static object Page(IEnumerable<string> names, int? maxResults, string? nextToken)
    {
        if (maxResults is < 1 or > MaxListResults)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {maxResults} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and {MaxListResults}.");
        string? after = null;
        if (!string.IsNullOrEmpty(nextToken) && !TryReadToken(nextToken, out after))
            return new Rejection(ErrorCode.InvalidParameterValue, "Invalid NextToken value.");
        var limit = maxResults ?? MaxListResults;
        var matches = names
            .Where(name => after is null || string.CompareOrdinal(name, after) > 0)
            .Take(limit + 1)
            .ToList();
        var more = matches.Count > limit;
        if (more) matches.RemoveAt(limit);
        // Paging continues only when the caller asked for pages, as SQS does.
        var token = more && maxResults is not null ? WriteToken(matches[^1]) : null;
        return new NameList(matches, token);
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
