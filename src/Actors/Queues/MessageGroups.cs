namespace Shoal.Actors.Queues;

/// <summary>
/// The message groups of a standard queue (fair-queue tenants), derived from its messages like the
/// queue's other indexes, so snapshot plus tail rebuilds them exactly. Per group: its messages by
/// when they turn visible and how many of them were received; across groups: each group's earliest
/// message in one ordered set, so a receive reaches the quiet groups without walking past a noisy
/// group's backlog. Only grouped messages of standard queues are tracked; a queue without groups
/// pays nothing.
/// </summary>
public sealed class MessageGroups
{
    sealed class Group
    {
        public readonly SortedSet<(long VisibleAt, long Sequence)> Messages = new();
        /// <summary>Messages received at least once and not deleted: in flight, or visible again.</summary>
        public int Received;
    }

    readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    readonly SortedSet<(long VisibleAt, long Sequence, string Group)> _heads = new();
    readonly HashSet<string> _busy = new(StringComparer.Ordinal);

    /// <summary>Grouped messages held.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Groups with at least <see cref="FairQueueRules.MinNoisyInFlight"/> received messages: the only
    /// ones that can be noisy. Empty on a queue without groups, which keeps its receives as cheap as ever.
    /// </summary>
    public IReadOnlySet<string> Busy => _busy;

    public int ReceivedIn(string group) => _groups.TryGetValue(group, out var g) ? g.Received : 0;

    /// <summary>Each group's earliest message, the group whose message turns visible first coming first.</summary>
    public IEnumerable<(long VisibleAt, long Sequence, string Group)> Heads => _heads;

    /// <summary>A group's messages, earliest visible first.</summary>
    public IEnumerable<(long VisibleAt, long Sequence)> MessagesOf(string group) =>
        _groups.TryGetValue(group, out var g) ? g.Messages : [];

    internal void Add(string name, long visibleAt, long sequence, bool received)
    {
        if (!_groups.TryGetValue(name, out var group)) _groups[name] = group = new Group();
        var head = Head(group);
        group.Messages.Add((visibleAt, sequence));
        Count++;
        if (received) CountReceived(name, group, +1);
        MoveHead(name, group, head);
    }

    internal void Remove(string name, long visibleAt, long sequence, bool received)
    {
        if (!_groups.TryGetValue(name, out var group)) return;
        var head = Head(group);
        if (!group.Messages.Remove((visibleAt, sequence))) return;
        Count--;
        if (received) CountReceived(name, group, -1);
        MoveHead(name, group, head);
        if (group.Messages.Count == 0) _groups.Remove(name);
    }

    /// <summary>A message got a new visibility time, and maybe its first receive.</summary>
    internal void Reschedule(string name, long sequence, long from, long to, bool firstReceive)
    {
        if (!_groups.TryGetValue(name, out var group)) return;
        var head = Head(group);
        group.Messages.Remove((from, sequence));
        group.Messages.Add((to, sequence));
        if (firstReceive) CountReceived(name, group, +1);
        MoveHead(name, group, head);
    }

    internal void Clear()
    {
        _groups.Clear();
        _heads.Clear();
        _busy.Clear();
        Count = 0;
    }

    static (long VisibleAt, long Sequence)? Head(Group group) => group.Messages.Count == 0 ? null : group.Messages.Min;

    void MoveHead(string name, Group group, (long VisibleAt, long Sequence)? before)
    {
        var after = Head(group);
        if (before == after) return;
        if (before is { } b) _heads.Remove((b.VisibleAt, b.Sequence, name));
        if (after is { } a) _heads.Add((a.VisibleAt, a.Sequence, name));
    }

    void CountReceived(string name, Group group, int delta)
    {
        group.Received += delta;
        if (group.Received >= FairQueueRules.MinNoisyInFlight) _busy.Add(name);
        else _busy.Remove(name);
    }
}
