namespace Shoal.Actors.Streams;

/// <summary>
/// A shard's offered writes (admitted and refused) in the current window of <see cref="OnDemandScaling.WindowMs"/>.
/// In memory only: a shard that restarts starts a fresh window.
/// </summary>
public readonly record struct WriteLoad(long WindowStart, long Bytes, long Records)
{
    public static WriteLoad Start(long now) => new(now, 0, 0);
}

/// <summary>
/// How an on-demand stream grows, as AWS describes the mode: capacity follows the observed write throughput, so a
/// stream can take double its peak. A shard whose writers offer, averaged over a window, at least half a shard's write
/// capacity (512 KiB/s or 500 records/s, refused writes counted) is hot, and the stream splits it at the middle of its
/// hash range: the two children can take twice what it was asked for. Measured against AWS's nominal shard, so a stream
/// grows the same with the throughput limits relaxed. Shoal reacts within a window, where AWS takes up to 15 minutes;
/// like AWS's Standard mode it does not merge shards back when traffic falls.
/// </summary>
public static class OnDemandScaling
{
    public const long WindowMs = 5_000;
    const long ShardWriteBytesPerSecond = 1024 * 1024;
    const long ShardWriteRecordsPerSecond = 1_000;

    /// <summary>The most open shards automatic splits grow a stream to: AWS's largest on-demand stream, 10 GB/s of writes.</summary>
    public const int MaxOpenShards = StreamRules.MaxShardsPerStream;

    /// <summary>
    /// Adds a PutRecords' offered bytes and records; hot as soon as the window holds half a shard's capacity for the
    /// window's length, after which a new window starts (so a shard is reported at most once a window). A window that
    /// ended quiet starts again at <paramref name="now"/>.
    /// </summary>
    public static (WriteLoad Next, bool Hot) Offer(WriteLoad load, long bytes, long records, long now)
    {
        if (now - load.WindowStart >= WindowMs) load = WriteLoad.Start(now);
        var next = load with { Bytes = load.Bytes + bytes, Records = load.Records + records };
        var hot = next.Bytes * 2_000 >= ShardWriteBytesPerSecond * WindowMs || next.Records * 2_000 >= ShardWriteRecordsPerSecond * WindowMs;
        return hot ? (WriteLoad.Start(now), true) : (next, false);
    }

    /// <summary>
    /// The split a hot shard gets: at the middle of its hash range, while it is open, the stream on demand and ACTIVE,
    /// and under <see cref="MaxOpenShards"/>; else nothing (a shard already split, a stream resharding: it reports again
    /// if it stays hot).
    /// </summary>
    public static Reshard? SplitFor(StreamState state, int shardIndex, long now)
    {
        if (!state.OnDemand || state.StatusAt(now) != "ACTIVE") return null;
        if (state.Shards.FirstOrDefault(s => s.Index == shardIndex) is not { IsOpen: true } shard) return null;
        if (state.Shards.Count(s => s.IsOpen) >= MaxOpenShards) return null;
        var range = shard.HashKeyRange;
        var middle = range.Start + (range.End - range.Start + 1) / 2;
        var (reshard, _) = ReshardRules.SplitShard(state.Shards, shard.ShardId, middle.ToString(System.Globalization.CultureInfo.InvariantCulture), state.Name, now);
        return reshard;
    }
}
