namespace Shoal.Actors.Queues;

/// <summary>
/// Fair queues (AWS, July 2025): on a standard queue a MessageGroupId names a tenant, and each message
/// without one is a tenant of its own. A tenant is noisy while it holds more than 10 % of the queue's
/// in-flight messages and at least 30 of them. Receives then serve the quiet tenants first and a noisy
/// one only when nothing quiet is visible, the noisy tenant with the fewest messages in flight first,
/// so a noisy tenant is slowed, never starved. AWS also counts a tenant's share of processing time
/// and keeps a tenant noisy until its backlog drains; Shoal judges by the in-flight share alone, at
/// each receive.
/// </summary>
public static class FairQueueRules
{
    public const int MinNoisyInFlight = 30;
    const int NoisySharePercent = 10;

    /// <summary>
    /// How many grouped messages one receive steps over in the queue's order to find messages without a
    /// group (grouped ones are reached through their group). Ungrouped messages behind a longer noisy run
    /// come out as it shrinks; AWS recommends a group on every message of a fair queue.
    /// </summary>
    const int MaxSteppedOver = 1_000;

    /// <summary>
    /// The messages a receive on a standard queue hands out when some tenant is noisy: quiet ones first,
    /// earliest visible first, then the noisy tenants' messages. Null when no tenant is noisy, so the
    /// plain earliest-visible pick applies.
    /// </summary>
    public static List<StoredMessage>? Pick(QueueState state, int max, long now)
    {
        if (state.Groups.Busy.Count == 0) return null;
        var noisy = NoisyGroups(state, now);
        if (noisy.Count == 0) return null;

        var noisyNames = noisy.Select(n => n.Group).ToHashSet(StringComparer.Ordinal);
        var quiet = new List<StoredMessage>();
        // The first max quiet groups by their earliest message hold the first max quiet grouped messages.
        var groups = 0;
        foreach (var (visibleAt, _, group) in state.Groups.Heads)
        {
            if (visibleAt > now || groups == max) break;
            if (!noisyNames.Contains(group) && TakeVisible(state, state.Groups.MessagesOf(group), max, now, quiet) > 0) groups++;
        }
        if (state.MessageCount > state.Groups.Count) TakeUngrouped(state, max, now, quiet);
        quiet.Sort((a, b) => (a.VisibleAt, a.Sequence).CompareTo((b.VisibleAt, b.Sequence)));

        var picked = quiet.Count > max ? quiet.GetRange(0, max) : quiet;
        foreach (var (group, _) in noisy)
        {
            if (picked.Count == max) break;
            TakeVisible(state, state.Groups.MessagesOf(group), max - picked.Count, now, picked);
        }
        return picked;
    }

    /// <summary>The noisy groups at <paramref name="now"/>, the fewest in flight first (then by name, so replicas agree).</summary>
    public static List<(string Group, int InFlight)> NoisyGroups(QueueState state, long now)
    {
        var busy = state.Groups.Busy;
        if (busy.Count == 0) return [];
        // In flight: received and not visible again. Those visible again lead the received messages and are few.
        var visibleAgain = new Dictionary<string, int>(StringComparer.Ordinal);
        var visibleAgainTotal = 0;
        foreach (var message in state.VisibleAgain(now))
        {
            visibleAgainTotal++;
            if (message.Message.MessageGroupId is { } group && busy.Contains(group))
                visibleAgain[group] = visibleAgain.GetValueOrDefault(group) + 1;
        }
        long totalInFlight = state.ReceivedCount - visibleAgainTotal;
        var noisy = new List<(string Group, int InFlight)>();
        foreach (var group in busy)
        {
            var inFlight = state.Groups.ReceivedIn(group) - visibleAgain.GetValueOrDefault(group);
            if (IsNoisy(inFlight, totalInFlight)) noisy.Add((group, inFlight));
        }
        noisy.Sort((a, b) => a.InFlight != b.InFlight ? a.InFlight.CompareTo(b.InFlight) : string.CompareOrdinal(a.Group, b.Group));
        return noisy;
    }

    public static bool IsNoisy(long inFlight, long totalInFlight) =>
        inFlight >= MinNoisyInFlight && inFlight * 100 > totalInFlight * NoisySharePercent;

    /// <summary>Adds up to <paramref name="max"/> visible, unexpired messages from the front of a group; returns how many.</summary>
    static int TakeVisible(QueueState state, IEnumerable<(long VisibleAt, long Sequence)> messages, int max, long now, List<StoredMessage> into)
    {
        var taken = 0;
        foreach (var (visibleAt, sequence) in messages)
        {
            if (visibleAt > now || taken == max) break;
            var message = state.Find(sequence)!;
            if (state.IsExpired(message, now)) continue;
            into.Add(message);
            taken++;
        }
        return taken;
    }

    static void TakeUngrouped(QueueState state, int max, long now, List<StoredMessage> into)
    {
        int taken = 0, steppedOver = 0;
        foreach (var message in state.ByVisibility())
        {
            if (!message.IsVisible(now) || taken == max || steppedOver == MaxSteppedOver) break;
            if (message.Message.MessageGroupId is not null) steppedOver++;
            else if (!state.IsExpired(message, now))
            {
                into.Add(message);
                taken++;
            }
        }
    }
}
