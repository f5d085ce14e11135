using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Tests.Unit;

/// <summary>The pure rules of enhanced fan-out: consumers, their ARNs, subscription leases, continuation numbers, the framing.</summary>
public class EnhancedFanOutTests
{
    const string StreamId = "000000000000/" + TestStream.Name;

    static StreamState Stream()
    {
        var state = new StreamState();
        state.Apply(new StreamCreated(TestStream.Name, false, TestStream.Created(1), new Dictionary<string, string>(), TestStream.T0));
        return state;
    }

    static StreamState Registered(StreamState state, RegisterConsumer register, long now)
    {
        var decision = StreamDecider.Decide(state, register, now);
        foreach (var e in decision.Events) state.Apply(e);
        return state;
    }

    [Fact]
    public void A_registered_consumer_is_CREATING_then_ACTIVE_and_its_ARN_carries_its_creation_second()
    {
        var at = TestStream.At(10.7);
        var decision = StreamDecider.Decide(Stream(), new RegisterConsumer(StreamId, "app"), at);
        var consumer = Assert.IsType<StreamConsumer>(decision.Reply);
        Assert.Equal($"arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:{at / 1000}", consumer.Arn(TestStream.Name));
        Assert.Equal("CREATING", consumer.StatusAt(at));
        Assert.Equal("ACTIVE", consumer.StatusAt(at + StreamRules.CreatingMs));
    }

    [Fact]
    public void Registering_a_name_the_stream_has_is_ResourceInUse_and_the_21st_consumer_is_LimitExceeded()
    {
        var state = Stream();
        for (var i = 0; i < ConsumerRules.MaxConsumersPerStream; i++) Registered(state, new RegisterConsumer(StreamId, $"c{i}"), TestStream.T0);
        Assert.Equal(ErrorCode.ResourceInUse, Assert.IsType<Rejection>(StreamDecider.Decide(state, new RegisterConsumer(StreamId, "c0"), TestStream.T0).Reply).Code);
        Assert.Equal(ErrorCode.LimitExceeded, Assert.IsType<Rejection>(StreamDecider.Decide(state, new RegisterConsumer(StreamId, "extra"), TestStream.T0).Reply).Code);
    }

    [Fact]
    public void Deregistering_by_an_ARN_of_an_earlier_consumer_of_the_same_name_is_ResourceNotFound()
    {
        var state = Registered(Stream(), new RegisterConsumer(StreamId, "app"), TestStream.At(5));
        var stale = ConsumerRules.Arn(TestStream.Name, "app", TestStream.At(1));
        Assert.Equal(ErrorCode.ResourceNotFound, Assert.IsType<Rejection>(StreamDecider.Decide(state, new DeregisterConsumer(StreamId, "app", stale), TestStream.T0).Reply).Code);
        var current = state.Consumers[0].Arn(TestStream.Name);
        var decision = StreamDecider.Decide(state, new DeregisterConsumer(StreamId, "app", current), TestStream.T0);
        Assert.IsType<Done>(decision.Reply);
        foreach (var e in decision.Events) state.Apply(e);
        Assert.Empty(state.Consumers);
    }

    [Fact]
    public void A_consumer_ARN_names_its_stream_and_consumer_and_anything_else_is_a_ValidationException()
    {
        Assert.Equal(("orders", "app"), ConsumerRules.ParseArn("arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:1700000000"));
        Assert.Null(ConsumerRules.ParseArn("arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app"));
        Assert.Null(ConsumerRules.ParseArn("arn:aws:kinesis:us-east-1:000000000000:stream/orders"));
        Assert.Equal(ErrorCode.Validation, ConsumerRules.ValidateArn("not-an-arn")!.Code);
    }

    [Fact]
    public void A_consumer_holds_one_subscription_per_shard_until_it_ends_or_its_lease_lapses()
    {
        var leases = new SubscriptionLeases();
        Assert.True(leases.TryHold("arn", "first", 0));
        Assert.False(leases.TryHold("arn", "second", 1_000));
        Assert.True(leases.TryHold("other-consumer", "third", 1_000));
        Assert.True(leases.TryHold("arn", "first", 10_000));
        Assert.False(leases.TryHold("arn", "second", 10_000 + SubscriptionLeases.LeaseMs - 1));
        Assert.True(leases.TryHold("arn", "second", 10_000 + SubscriptionLeases.LeaseMs));
        leases.Release("arn", "first");
        Assert.True(leases.Holds("arn", "second", 10_000 + SubscriptionLeases.LeaseMs));
        leases.Release("arn", "second");
        Assert.True(leases.TryHold("arn", "fourth", 10_000 + SubscriptionLeases.LeaseMs));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void The_continuation_before_a_shards_first_record_sits_just_below_it_and_decodes_as_position_minus_one(int shardIndex)
    {
        var before = SequenceNumbers.Preceding(shardIndex, 0);
        Assert.Equal(SequenceNumbers.Length, before.Length);
        Assert.Equal(System.Numerics.BigInteger.Parse(SequenceNumbers.Encode(shardIndex, 0)) - 1, System.Numerics.BigInteger.Parse(before));
        Assert.Equal((shardIndex, -1L), SequenceNumbers.Decode(before));
        Assert.Equal(SequenceNumbers.Encode(shardIndex, 4), SequenceNumbers.Preceding(shardIndex, 5));
    }

    [Fact]
    public void After_the_continuation_of_an_unread_shard_a_subscription_starts_at_its_first_record()
    {
        var log = new ShardLog(0, 0, 0);
        var (position, rejection) = ShardIterators.StartingPosition(
            new IteratorStart(ShardIterators.AfterSequenceNumber, SequenceNumbers.Preceding(0, 0)), log, _ => 0, TestStream.Name, TestStream.T0);
        Assert.Null(rejection);
        Assert.Equal(0, position);
    }

    [Fact]
    public void The_initial_response_is_framed_byte_for_byte_as_AWS_frames_it()
    {
        // aws-wire.md §7: the 104 bytes every client parsed.
        const string verbatim = "00000068000000564e6817240b3a6576656e742d74797065070010696e697469616c2d726573706f6e73650d3a636f6e74656e742d74797065" +
                                "0700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b7dd591c62b";
        Assert.Equal(verbatim, Convert.ToHexStringLower(EventStream.Event("initial-response", "{}"u8)));
    }
}
