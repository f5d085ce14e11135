namespace Shoal.Actors.Streams;

/// <summary>
/// A shard's log, as its events left it: the retained records in position order (positions are contiguous, so a
/// record is found by arithmetic), the first retained position and the next one to give.
/// </summary>
public sealed class ShardState
{
    readonly List<ShardRecord> _records = [];

    public long FirstRetained { get; private set; }
    public long Next { get; private set; }
    public bool Closed { get; private set; }
    public IReadOnlyList<ShardRecord> Records => _records;

    public ShardLog Log(int shardIndex) => new(shardIndex, FirstRetained, Next);

    public ShardRecord? At(long position) =>
        position >= FirstRetained && position < Next ? _records[(int)(position - FirstRetained)] : null;

    /// <summary>The position of the first record that arrived at or after the time, or Next if none did.</summary>
    public long FirstAtOrAfter(long at)
    {
        int low = 0, high = _records.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_records[middle].ArrivedAt < at) low = middle + 1;
            else high = middle;
        }
        return FirstRetained + low;
    }

    public ShardState Apply(IShardEvent e)
    {
        switch (e)
        {
            case RecordsPut put:
                _records.AddRange(put.Records);
                if (put.Records.Count > 0) Next = put.Records[^1].Position + 1;
                break;
            case ShardClosed:
                Closed = true;
                break;
            case RecordsTrimmed trimmed:
                var drop = (int)Math.Clamp(trimmed.FirstRetained - FirstRetained, 0, _records.Count);
                _records.RemoveRange(0, drop);
                FirstRetained = trimmed.FirstRetained;
                Next = Math.Max(Next, trimmed.Next);
                break;
        }
        return this;
    }
}
