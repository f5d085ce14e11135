using Shoal.Actors.Streams;

namespace Shoal.Tests.Unit;

/// <summary>A Kinesis shard's log: positions, sequence numbers, reads, iterators' starting points and retention.</summary>
[Trait("Tier", "Unit")]
public class ShardLogTests
{
    const long T0 = TestQueue.T0;

    static PutShardRecords Put(params string[] keys) =>
        new("a/s/1/2", "s", 2, 24, keys.Select((k, i) => new IncomingRecord(i, k, [(byte)i])).ToList());

    static ShardState Apply(ShardState state, ShardDecision decision)
    {
        foreach (var e in decision.Events) state.Apply(e);
        return state;
    }

    [Fact]
    public void Admitted_records_take_increasing_sequence_numbers_and_a_refused_one_fails_alone()
    {
        var state = new ShardState();
        var decision = ShardDecider.Put(state, Put("a", "b", "c"), [true, false, true], T0);
        var results = Assert.IsType<ShardPutResult>(decision.Reply).Results;
        Assert.Equal("ProvisionedThroughputExceededException", results[1].ErrorCode);
        Assert.Contains("Rate exceeded for shard shardId-000000000002 in stream s", results[1].ErrorMessage);
        var first = SequenceNumbers.Decode(results[0].SequenceNumber)!.Value;
        var third = SequenceNumbers.Decode(results[2].SequenceNumber)!.Value;
        Assert.Equal((2, 0L), first);
        Assert.Equal((2, 1L), third);
        Apply(state, decision);
        Assert.Equal(2, state.Next);
        var later = Assert.IsType<ShardPutResult>(ShardDecider.Put(state, Put("d"), [true], T0 + 5).Reply).Results[0];
        Assert.True(string.CompareOrdinal(later.SequenceNumber, results[2].SequenceNumber) > 0);
    }

    [Fact]
    public void A_read_returns_up_to_the_limit_from_its_position_and_says_how_far_behind_the_tip_it_is()
    {
        var state = Apply(new ShardState(), ShardDecider.Put(new ShardState(), Put("a", "b", "c", "d"), [true, true, true, true], T0));
        var read = ShardDecider.Read(state, new ReadShard("a/s/1/2", "s", 2, 24, 1, 2), T0 + 1_000);
        Assert.Equal([1L, 2L], read.Records.Select(r => r.Position));
        Assert.Equal(3, read.NextPosition);
        Assert.Equal(1_000, read.MillisBehindLatest);
        var rest = ShardDecider.Read(state, new ReadShard("a/s/1/2", "s", 2, 24, 3, 100), T0 + 1_000);
        Assert.Equal(0, rest.MillisBehindLatest);
        Assert.Equal(4, rest.NextPosition);
        Assert.Empty(ShardDecider.Read(state, new ReadShard("a/s/1/2", "s", 2, 24, 4, 100), T0).Records);
    }

    [Fact]
    public void Iterators_start_at_the_trim_horizon_the_tip_a_sequence_number_or_a_time()
    {
        var state = new ShardState();
        Apply(state, ShardDecider.Put(state, Put("a", "b"), [true, true], T0));
        Apply(state, ShardDecider.Put(state, Put("c"), [true], T0 + 10_000));
        IteratorPosition Locate(IteratorStart start) =>
            Assert.IsType<IteratorPosition>(ShardDecider.Locate(state, new LocateIterator("a/s/1/2", "s", 2, 24, start), T0 + 20_000));
        Assert.Equal(0, Locate(new IteratorStart("TRIM_HORIZON")).Position);
        Assert.Equal(3, Locate(new IteratorStart("LATEST")).Position);
        Assert.Equal(1, Locate(new IteratorStart("AT_SEQUENCE_NUMBER", SequenceNumbers.Encode(2, 1))).Position);
        Assert.Equal(2, Locate(new IteratorStart("AFTER_SEQUENCE_NUMBER", SequenceNumbers.Encode(2, 1))).Position);
        Assert.Equal(2, Locate(new IteratorStart("AT_TIMESTAMP", Timestamp: T0 + 5_000)).Position);
    }

    [Fact]
    public void Records_past_the_retention_period_expire_and_numbering_goes_on_after_them()
    {
        var state = new ShardState();
        Apply(state, ShardDecider.Put(state, Put("old", "old"), [true, true], T0));
        Apply(state, ShardDecider.Put(state, Put("new"), [true], T0 + 3_600_000));
        Assert.Null(ShardDecider.Expire(state, 24, T0 + 23 * 3_600_000L));
        var trimmed = ShardDecider.Expire(state, 24, T0 + 24 * 3_600_000L + 1)!;
        state.Apply(trimmed);
        Assert.Equal(2, state.FirstRetained);
        Assert.Equal(["new"], state.Records.Select(r => r.PartitionKey));
        // A position before the horizon reads from it.
        Assert.Equal(2, ShardDecider.Read(state, new ReadShard("a/s/1/2", "s", 2, 24, 0, 10), T0).Records[0].Position);

        // Recovered from the trim marker alone (the journal before it deleted), the shard numbers on.
        var recovered = new ShardState().Apply(trimmed).Apply(new RecordsPut(state.Records));
        var next = Assert.IsType<ShardPutResult>(ShardDecider.Put(recovered, Put("next"), [true], T0 + 25 * 3_600_000L).Reply).Results[0];
        Assert.Equal(3, SequenceNumbers.Decode(next.SequenceNumber)!.Value.Position);
    }

    [Fact]
    public void A_stream_reports_creating_for_a_moment_and_splits_the_hash_space_evenly()
    {
        var state = new StreamState();
        var decision = StreamDecider.Decide(state, new CreateStream("a/s", "s", 3, false, new Dictionary<string, string>()), T0);
        foreach (var e in decision.Events) state.Apply(e);
        Assert.Equal("CREATING", state.StatusAt(T0 + 100));
        Assert.Equal("ACTIVE", state.StatusAt(T0 + StreamRules.CreatingMs));
        Assert.Equal(HashKeys.Max, state.Shards[^1].HashKeyRange.End);
        Assert.Equal(state.Shards[0].HashKeyRange.End + 1, state.Shards[1].HashKeyRange.Start);
        var again = StreamDecider.Decide(state, new CreateStream("a/s", "s", 3, false, new Dictionary<string, string>()), T0 + 1_000);
        Expect.Rejection(Shoal.Actors.Common.ErrorCode.ResourceInUse, again.Reply);
        var onDemand = StreamDecider.Decide(new StreamState(), new CreateStream("a/o", "o", null, true, new Dictionary<string, string>()), T0);
        Assert.Equal(StreamRules.OnDemandShardCount, Assert.IsType<StreamCreated>(onDemand.Events[0]).Shards.Count);
    }

    [Fact]
    public void A_split_closes_the_parent_at_once_and_the_stream_is_updating_until_the_parent_tells_its_end()
    {
        var state = new StreamState();
        foreach (var e in StreamDecider.Decide(state, new CreateStream("a/s", "s", 1, false, new Dictionary<string, string>()), T0).Events) state.Apply(e);
        var split = StreamDecider.Decide(state, new ReshardStream("a/s", ReshardStream.Split, "shardId-000000000000", (HashKeys.Space / 2).ToString()), T0 + 1_000);
        foreach (var e in split.Events) state.Apply(e);
        Assert.False(state.Shards[0].IsOpen);
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], state.Shards.Where(s => s.IsOpen).Select(s => s.ShardId));
        Assert.Equal("UPDATING", state.StatusAt(T0 + 60_000));
        // A second reshard waits for the first.
        Expect.Rejection(Shoal.Actors.Common.ErrorCode.ResourceInUse,
            StreamDecider.Decide(state, new ReshardStream("a/s", ReshardStream.Merge, "shardId-000000000001", "shardId-000000000002"), T0 + 60_000).Reply);

        var ended = StreamDecider.Decide(state, new RecordShardEnd("a/s", 0, SequenceNumbers.Encode(0, 9)), T0 + 2_000);
        foreach (var e in ended.Events) state.Apply(e);
        Assert.Equal("ACTIVE", state.StatusAt(T0 + 60_000));
        Assert.Equal(SequenceNumbers.Encode(0, 9), state.Shards[0].EndingSequenceNumber);
    }

    [Fact]
    public void A_closed_shard_refuses_records_and_tells_readers_where_it_ends()
    {
        var state = new ShardState();
        Apply(state, ShardDecider.Put(state, Put("a", "b"), [true, true], T0));
        var close = ShardDecider.Close(state, new CloseShard("a/s/1/2", 2), T0 + 1);
        Assert.Equal(SequenceNumbers.Encode(2, 1), Assert.IsType<ShardEnded>(close.Reply).EndingSequenceNumber);
        Apply(state, close);
        Assert.IsType<ShardIsClosed>(ShardDecider.Put(state, Put("c"), [true], T0 + 2).Reply);
        Assert.Empty(ShardDecider.Close(state, new CloseShard("a/s/1/2", 2), T0 + 3).Events);
        Assert.Equal(2, ShardDecider.Read(state, new ReadShard("a/s/1/2", "s", 2, 24, 0, 10), T0 + 4).ClosedEnd);
    }
}
