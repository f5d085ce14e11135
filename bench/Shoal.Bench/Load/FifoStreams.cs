using System.Text;

namespace Shoal.Bench.Load;

/// <summary>
/// The message groups of a FIFO run: which producer sends to which group, and the order check on the
/// consumer side.
/// <para>
/// A producer has one request in flight, so its messages to one group are sent one after the other
/// (within a batch: in entry order) and, ids being handed out in increasing order, with increasing ids.
/// A FIFO broker must deliver each such stream (producer, group) in that order. Messages of different
/// producers in the same group are concurrent sends, which the broker may order either way, so they are
/// not compared. With at least as many groups as producers each group has one producer and its stream
/// is the whole group.
/// </para>
/// </summary>
public sealed class FifoStreams
{
    public const int MaxGroups = 0xFFFF;
    private readonly int _producers;
    private readonly byte[][] _groupIds;
    /// <summary>Per stream (producer × groups + group): the highest id received so far, -1 before any.</summary>
    private readonly long[] _highest;
    private long _violations;

    public FifoStreams(int producers, int groups)
    {
        if (groups is < 1 or > MaxGroups || producers > 0xFFFF)
            throw new ArgumentOutOfRangeException(nameof(groups));
        _producers = producers;
        Groups = groups;
        _groupIds = [.. Enumerable.Range(0, groups).Select(g => Encoding.ASCII.GetBytes($"g{g}"))];
        _highest = new long[producers * groups];
        Array.Fill(_highest, -1);
    }

    public int Groups { get; }

    /// <summary>Messages received after a later message of the same stream had been received.</summary>
    public long OrderViolations => Volatile.Read(ref _violations);

    /// <summary>The MessageGroupId of group <paramref name="group"/>: <c>g0</c>, <c>g1</c>, … (no JSON escaping needed).</summary>
    public ReadOnlySpan<byte> GroupId(int group) => _groupIds[group];

    /// <summary>
    /// The groups producer <paramref name="producer"/> sends to, taken in turn: with at least as many groups
    /// as producers, the groups g with g mod producers = producer; with fewer, the one group producer mod groups.
    /// </summary>
    public GroupCursor ForProducer(int producer)
    {
        int[] groups = Groups >= _producers
            ? [.. Enumerable.Range(0, Groups).Where(g => g % _producers == producer)]
            : [producer % Groups];
        return new GroupCursor(producer, groups);
    }

    /// <summary>
    /// Books the receipt of message <paramref name="id"/> of <paramref name="stream"/>, in the order the broker
    /// handed messages out; returns false for a stream that does not exist (a corrupt body).
    /// </summary>
    public bool OnReceived(int stream, long id)
    {
        var (producer, group) = (stream >>> 16, stream & 0xFFFF);
        if (producer >= _producers || group >= Groups)
            return false;
        ref var highest = ref _highest[producer * Groups + group];
        var seen = Volatile.Read(ref highest);
        while (id > seen)
        {
            var previous = Interlocked.CompareExchange(ref highest, id, seen);
            if (previous == seen)
                return true;
            seen = previous;
        }
        if (id < seen) // id == seen is a duplicate, which the ledger counts
            Interlocked.Increment(ref _violations);
        return true;
    }
}

/// <summary>One producer's groups, used in turn (one per message). Owned by that producer.</summary>
public sealed class GroupCursor(int producer, int[] groups)
{
    private int _next;

    /// <summary>The next group and the stream (producer, group) to write into the body.</summary>
    public (int Group, int Stream) Next()
    {
        var group = groups[_next];
        _next = _next + 1 == groups.Length ? 0 : _next + 1;
        return (group, producer << 16 | group);
    }
}
