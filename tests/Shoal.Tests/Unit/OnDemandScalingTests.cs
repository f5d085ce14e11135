using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

public class OnDemandScalingTests
{
    const long KiB = 1024;

    static StreamState Stream(bool onDemand, int shards = 4)
    {
        var state = new StreamState();
        foreach (var e in StreamDecider.Decide(state, new CreateStream("a/s", "s", shards, onDemand, new Dictionary<string, string>()), T0).Events) state.Apply(e);
        return state;
    }

    static long Active => T0 + StreamRules.CreatingMs;

    [Fact]
    public void A_shard_offered_half_its_record_capacity_over_a_window_is_hot()
    {
        // 500 records/s for 5 s: 2,500 records in the window.
        var (load, hot) = OnDemandScaling.Offer(WriteLoad.Start(T0), 100, 2_499, T0 + 4_000);
        Assert.False(hot);
        (load, hot) = OnDemandScaling.Offer(load, 100, 1, T0 + 4_500);
        Assert.True(hot);
        Assert.Equal(WriteLoad.Start(T0 + 4_500), load);
    }

    [Fact]
    public void A_shard_offered_half_its_byte_capacity_over_a_window_is_hot()
    {
        // 512 KiB/s for 5 s: 2,560 KiB in the window, in three large records.
        var (load, hot) = OnDemandScaling.Offer(WriteLoad.Start(T0), 1_000 * KiB, 1, T0 + 100);
        (load, hot) = OnDemandScaling.Offer(load, 1_000 * KiB, 1, T0 + 200);
        Assert.False(hot);
        (_, hot) = OnDemandScaling.Offer(load, 560 * KiB, 1, T0 + 300);
        Assert.True(hot);
    }

    [Fact]
    public void Load_below_half_a_shard_never_makes_it_hot_however_long_it_lasts()
    {
        var load = WriteLoad.Start(T0);
        // 400 records/s and 400 KiB/s, one put every 100 ms for a minute.
        for (var ms = 100; ms <= 60_000; ms += 100)
        {
            (load, var hot) = OnDemandScaling.Offer(load, 40 * KiB, 40, T0 + ms);
            Assert.False(hot, $"hot at {ms} ms");
        }
    }

    [Fact]
    public void A_window_that_ended_quiet_does_not_count_towards_the_next()
    {
        var (load, _) = OnDemandScaling.Offer(WriteLoad.Start(T0), 0, 2_000, T0 + 4_900);
        var (next, hot) = OnDemandScaling.Offer(load, 0, 600, T0 + 5_000);
        Assert.False(hot);
        Assert.Equal(new WriteLoad(T0 + 5_000, 0, 600), next);
    }

    [Fact]
    public void A_hot_shard_of_an_on_demand_stream_is_split_at_the_middle_of_its_range()
    {
        var state = Stream(onDemand: true);
        var parent = state.Shards[1];
        var split = Assert.IsType<StreamResharded>(Assert.Single(StreamDecider.Decide(state, new ShardUnderLoad("a/s", 1), Active).Events)).Reshard;

        Assert.Equal([parent.ShardId], split.Closed);
        var (lower, upper) = (split.Created[0], split.Created[1]);
        Assert.Equal(["shardId-000000000004", "shardId-000000000005"], split.Created.Select(s => s.ShardId));
        Assert.All(split.Created, child => Assert.Equal(parent.ShardId, child.ParentShardId));
        Assert.Equal(parent.HashKeyRange.Start, lower.HashKeyRange.Start);
        Assert.Equal(parent.HashKeyRange.End, upper.HashKeyRange.End);
        Assert.Equal(lower.HashKeyRange.End + 1, upper.HashKeyRange.Start);
        var (lowerWidth, upperWidth) = (lower.HashKeyRange.End - lower.HashKeyRange.Start, upper.HashKeyRange.End - upper.HashKeyRange.Start);
        Assert.True(System.Numerics.BigInteger.Abs(lowerWidth - upperWidth) <= 1);
    }

    [Fact]
    public void A_provisioned_stream_keeps_its_shards_however_hot_they_run()
    {
        var decision = StreamDecider.Decide(Stream(onDemand: false), new ShardUnderLoad("a/s", 1), Active);
        Assert.Empty(decision.Events);
        Assert.IsType<Shoal.Actors.Queues.Done>(decision.Reply);
    }

    [Fact]
    public void A_report_for_a_shard_already_split_or_while_the_stream_reshards_changes_nothing()
    {
        var state = Stream(onDemand: true);
        foreach (var e in StreamDecider.Decide(state, new ShardUnderLoad("a/s", 1), Active).Events) state.Apply(e);
        // UPDATING until the parent tells its end: another hot shard waits for its next report.
        Assert.Empty(StreamDecider.Decide(state, new ShardUnderLoad("a/s", 2), Active + 10).Events);
        foreach (var e in StreamDecider.Decide(state, new RecordShardEnd("a/s", 1, SequenceNumbers.Encode(1, 9)), Active + 10).Events) state.Apply(e);
        var later = Active + 10 + StreamRules.CreatingMs;
        Assert.Empty(StreamDecider.Decide(state, new ShardUnderLoad("a/s", 1), later).Events);
        Assert.Empty(StreamDecider.Decide(state, new ShardUnderLoad("a/s", 99), later).Events);
        Assert.Single(StreamDecider.Decide(state, new ShardUnderLoad("a/s", 2), later).Events);
    }

    [Fact]
    public void An_on_demand_stream_at_its_largest_size_splits_no_further()
    {
        var state = Stream(onDemand: true, shards: OnDemandScaling.MaxOpenShards);
        Assert.Null(OnDemandScaling.SplitFor(state, 0, Active));
        Assert.NotNull(OnDemandScaling.SplitFor(Stream(onDemand: true, shards: OnDemandScaling.MaxOpenShards - 1), 0, Active));
    }

    [Theory]
    [InlineData(ReshardStream.Split, "SplitShard")]
    [InlineData(ReshardStream.Merge, "MergeShards")]
    [InlineData(ReshardStream.UpdateCount, "UpdateShardCount")]
    public void Resharding_by_hand_is_refused_on_an_on_demand_stream(string kind, string operation)
    {
        var reshard = new ReshardStream("a/s", kind, kind == ReshardStream.UpdateCount ? ReshardRules.UniformScaling : "shardId-000000000000",
            kind == ReshardStream.Merge ? "shardId-000000000001" : kind == ReshardStream.Split ? "12345" : null, kind == ReshardStream.UpdateCount ? 8 : null);
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, StreamDecider.Decide(Stream(onDemand: true), reshard, Active).Reply);
        Assert.StartsWith($"{operation} is not supported for stream s under account", rejection.Message);
        Assert.NotEmpty(StreamDecider.Decide(Stream(onDemand: false), reshard, Active).Events);
    }
}
