using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>
/// A shard's throughput limits as data. <see cref="Strict"/> is AWS's provisioned shard; <see cref="Relaxed"/> throttles
/// nothing. A null rate is no limit.
/// </summary>
/// <param name="LargeReadBytes">A GetRecords that returns this much pauses the shard's reads for <paramref name="PauseAfterLargeReadMs"/>.</param>
public sealed record ShardThroughputLimits(
    long? WriteBytesPerSecond,
    long? WriteRecordsPerSecond,
    long? ReadCallsPerSecond,
    long? ReadBytesPerSecond,
    long? LargeReadBytes,
    long PauseAfterLargeReadMs)
{
    const long MiB = 1024 * 1024;

    /// <summary>
    /// Per shard: writes 1 MiB/s (partition keys included) and 1,000 records/s; reads 5 GetRecords calls/s and 2 MiB/s;
    /// after a call that returned 10 MiB, calls in the next 5 s are refused (the quotas page and the GetRecords reference).
    /// </summary>
    public static readonly ShardThroughputLimits Strict = new(1 * MiB, 1_000, 5, 2 * MiB, 10 * MiB, 5_000);

    public static readonly ShardThroughputLimits Relaxed = new(null, null, null, null, null, 0);
}

/// <summary>A shard's write meter: a PutRecord, or one PutRecords entry, is admitted when both its bytes and its record fit.</summary>
public sealed record ShardWriteMeter(RateBucket? Bytes, RateBucket? Records)
{
    public static ShardWriteMeter Start(ShardThroughputLimits limits, long now) =>
        new(RateBucket.FullOrNone(limits.WriteBytesPerSecond, now), RateBucket.FullOrNone(limits.WriteRecordsPerSecond, now));

    /// <summary>Admits one record of <paramref name="size"/> bytes (<see cref="StreamRules.RecordSize"/>); a refused one takes nothing.</summary>
    public (bool Allowed, ShardWriteMeter Next) TryWrite(long size, long now)
    {
        var (bytesAllowed, bytes) = RateBucket.TryTake(Bytes, size, now);
        var (recordAllowed, records) = RateBucket.TryTake(Records, 1, now);
        return bytesAllowed && recordAllowed
            ? (true, new ShardWriteMeter(bytes, records))
            : (false, new ShardWriteMeter(Bytes?.RefillTo(now), Records?.RefillTo(now)));
    }

    /// <summary>A PutRecords' entries for this shard, in order: each is admitted or refused alone.</summary>
    public (IReadOnlyList<bool> Admitted, ShardWriteMeter Next) TryWriteAll(IEnumerable<long> sizes, long now)
    {
        var meter = this;
        var admitted = new List<bool>();
        foreach (var size in sizes)
        {
            (var allowed, meter) = meter.TryWrite(size, now);
            admitted.Add(allowed);
        }
        return (admitted, meter);
    }
}

/// <summary>
/// A shard's read meter. A GetRecords call needs a call token and some byte credit; what it returned is charged after,
/// so a large read leaves the byte bucket in debt, and one of <see cref="ShardThroughputLimits.LargeReadBytes"/> also
/// pauses reads outright.
/// </summary>
public sealed record ShardReadMeter(RateBucket? Calls, RateBucket? Bytes, long? LargeReadBytes, long PauseAfterLargeReadMs, long PausedUntil)
{
    public static ShardReadMeter Start(ShardThroughputLimits limits, long now) =>
        new(RateBucket.FullOrNone(limits.ReadCallsPerSecond, now), RateBucket.FullOrNone(limits.ReadBytesPerSecond, now),
            limits.LargeReadBytes, limits.PauseAfterLargeReadMs, PausedUntil: now);

    /// <summary>Whether a GetRecords call may read now; an admitted call takes its call token.</summary>
    public (bool Allowed, ShardReadMeter Next) TryBeginRead(long now)
    {
        if (now < PausedUntil || Bytes is { } bytes && !bytes.HasCredit(now))
            return (false, this with { Calls = Calls?.RefillTo(now), Bytes = Bytes?.RefillTo(now) });
        var (allowed, calls) = RateBucket.TryTake(Calls, 1, now);
        return allowed ? (true, this with { Calls = calls }) : (false, this with { Calls = Calls?.RefillTo(now) });
    }

    /// <summary>Charges what an admitted call returned.</summary>
    public ShardReadMeter Read(long bytes, long now) => this with
    {
        Bytes = Bytes?.Charge(bytes, now),
        PausedUntil = LargeReadBytes is { } large && bytes >= large ? Math.Max(PausedUntil, now + PauseAfterLargeReadMs) : PausedUntil,
    };
}

public static class ShardThroughput
{
    /// <summary>
    /// ProvisionedThroughputExceededException, for a refused PutRecord or GetRecords, and the ErrorMessage of a refused
    /// PutRecords entry (whose ErrorCode is "ProvisionedThroughputExceededException").
    /// </summary>
    public static Rejection RateExceeded(string shardId, string streamName) =>
        new(ErrorCode.ProvisionedThroughputExceeded, $"Rate exceeded for shard {shardId} in {StreamRules.InAccount(streamName)}.");
}

/// <summary>
/// A token bucket holding one second of <see cref="Rate"/> units (bytes, records or calls), refilled continuously.
/// Pure: time comes in as epoch milliseconds and each operation gives the next bucket. The balance is kept in
/// thousandths of a unit so the refill needs no floating point, and it may go negative: a take larger than the
/// bucket (a 10 MiB record against 1 MiB/s) is allowed from a full bucket and repaid before the next.
/// </summary>
public readonly record struct RateBucket(long Rate, long MilliUnits, long At)
{
    public static RateBucket Full(long rate, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        return new(rate, rate * 1000, now);
    }

    public static RateBucket? FullOrNone(long? rate, long now) => rate is { } r ? Full(r, now) : null;

    /// <summary>The bucket at <paramref name="now"/>; a clock that steps back refills nothing.</summary>
    public RateBucket RefillTo(long now)
    {
        var elapsed = Math.Max(0, now - At);
        var missing = Rate * 1000 - MilliUnits;
        // Compared before multiplying, so a long idle bucket cannot overflow.
        var balance = elapsed >= (missing + Rate - 1) / Rate ? Rate * 1000 : MilliUnits + elapsed * Rate;
        return new RateBucket(Rate, balance, Math.Max(At, now));
    }

    /// <summary><see cref="TryTake(long, long)"/> on a bucket that may be absent (no limit): absent always allows.</summary>
    public static (bool Allowed, RateBucket? Next) TryTake(RateBucket? bucket, long units, long now)
    {
        if (bucket is not { } present) return (true, null);
        var (allowed, next) = present.TryTake(units, now);
        return (allowed, next);
    }

    /// <summary>Takes <paramref name="units"/> if they fit, or if the bucket is full and they are more than it holds.</summary>
    public (bool Allowed, RateBucket Next) TryTake(long units, long now)
    {
        var bucket = RefillTo(now);
        var needed = Math.Min(units, Rate) * 1000;
        return bucket.MilliUnits >= needed ? (true, bucket with { MilliUnits = bucket.MilliUnits - units * 1000 }) : (false, bucket);
    }

    /// <summary>Takes <paramref name="units"/> unconditionally: for what a call used, known only once it is done.</summary>
    public RateBucket Charge(long units, long now)
    {
        var bucket = RefillTo(now);
        return bucket with { MilliUnits = bucket.MilliUnits - units * 1000 };
    }

    public bool HasCredit(long now) => RefillTo(now).MilliUnits > 0;
}
