using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>A shard's write and read limits on a fake clock: token buckets, large records and reads, and the relaxed mode.</summary>
[Trait("Tier", "Unit")]
public class ShardThroughputTests
{
    const long KiB = 1024, MiB = 1024 * KiB;

    static ShardWriteMeter Writes(long now = T0) => ShardWriteMeter.Start(ShardThroughputLimits.Strict, now);

    static ShardReadMeter Reads(long now = T0) => ShardReadMeter.Start(ShardThroughputLimits.Strict, now);

    /// <summary>Writes records of <paramref name="size"/> at <paramref name="now"/> until one is refused; returns how many went in.</summary>
    static int Fill(ref ShardWriteMeter meter, long size, long now)
    {
        var admitted = 0;
        while (TryWrite(ref meter, size, now)) admitted++;
        return admitted;
    }

    static bool TryWrite(ref ShardWriteMeter meter, long size, long now)
    {
        (var allowed, meter) = meter.TryWrite(size, now);
        return allowed;
    }

    static bool TryRead(ref ShardReadMeter meter, long now, long returning = 0)
    {
        (var allowed, meter) = meter.TryBeginRead(now);
        if (allowed) meter = meter.Read(returning, now);
        return allowed;
    }

    [Fact]
    public void A_shard_takes_1000_records_a_second_and_refills_one_each_millisecond()
    {
        var meter = Writes();

        Assert.Equal(1_000, Fill(ref meter, 10, At(0)));
        Assert.Equal(1, Fill(ref meter, 10, At(0.001)));
        Assert.Equal(100, Fill(ref meter, 10, At(0.101)));
    }

    [Fact]
    public void A_shard_takes_1_MiB_a_second_and_refills_continuously()
    {
        var meter = Writes();

        Assert.Equal(64, Fill(ref meter, 16 * KiB, At(0)));
        Assert.Equal(32, Fill(ref meter, 16 * KiB, At(0.5)));
    }

    [Fact]
    public void A_PutRecords_entry_over_the_limit_fails_alone_and_takes_nothing()
    {
        var (admitted, _) = Writes().TryWriteAll([600 * KiB, 600 * KiB, 300 * KiB], At(0));

        Assert.Equal([true, false, true], admitted);
    }

    [Fact]
    public void A_record_larger_than_a_second_of_throughput_goes_in_from_a_full_bucket_and_is_repaid_before_the_next()
    {
        var meter = Writes();
        (var allowed, meter) = meter.TryWrite(3 * MiB, At(0));

        Assert.True(allowed);
        Assert.Equal(0, Fill(ref meter, 1, At(1.9)));
        Assert.Equal(1, Fill(ref meter, KiB, At(2.001)));
    }

    [Fact]
    public void A_refused_write_is_ProvisionedThroughputExceededException_naming_the_shard_and_stream() =>
        Assert.Equal("Rate exceeded for shard shardId-000000000002 in stream orders under account 000000000000.",
            Expect.Rejection(ErrorCode.ProvisionedThroughputExceeded, ShardThroughput.RateExceeded("shardId-000000000002", Name)).Message);

    [Fact]
    public void A_shard_serves_5_GetRecords_calls_a_second()
    {
        var meter = Reads();

        for (var i = 0; i < 5; i++) Assert.True(TryRead(ref meter, At(0)), $"call {i + 1}");
        Assert.False(TryRead(ref meter, At(0)));
        Assert.False(TryRead(ref meter, At(0.199)));
        Assert.True(TryRead(ref meter, At(0.2)));
    }

    [Fact]
    public void Reads_beyond_2_MiB_a_second_are_refused_until_the_bytes_are_repaid()
    {
        var meter = Reads();

        Assert.True(TryRead(ref meter, At(0), returning: 3 * MiB));
        Assert.False(TryRead(ref meter, At(0.4)));
        Assert.True(TryRead(ref meter, At(0.6), returning: 100 * KiB));
    }

    [Fact]
    public void After_a_read_that_returned_10_MiB_calls_in_the_next_5_seconds_are_refused()
    {
        var meter = Reads();

        Assert.True(TryRead(ref meter, At(0), returning: 10 * MiB));
        Assert.False(TryRead(ref meter, At(4.999)));
        Assert.True(TryRead(ref meter, At(5)));
    }

    [Fact]
    public void Relaxed_limits_throttle_nothing()
    {
        var writes = ShardWriteMeter.Start(ShardThroughputLimits.Relaxed, At(0));
        var reads = ShardReadMeter.Start(ShardThroughputLimits.Relaxed, At(0));

        for (var i = 0; i < 10_000; i++) Assert.True(TryWrite(ref writes, MiB, At(0)));
        for (var i = 0; i < 1_000; i++) Assert.True(TryRead(ref reads, At(0), returning: 10 * MiB));
    }

    [Fact]
    public void A_clock_that_steps_back_refills_nothing()
    {
        var bucket = RateBucket.Full(1_000, At(10));
        (_, bucket) = bucket.TryTake(1_000, At(10));

        Assert.False(bucket.TryTake(1, At(5)).Allowed);
        Assert.True(bucket.TryTake(1, At(10.001)).Allowed);
    }

    [Fact]
    public void A_bucket_idle_for_ages_is_full_and_no_fuller()
    {
        var bucket = RateBucket.Full(10 * MiB, 0).Charge(5 * MiB, 0);

        Assert.Equal(10 * MiB * 1000, bucket.RefillTo(long.MaxValue / 2).MilliUnits);
    }
}
