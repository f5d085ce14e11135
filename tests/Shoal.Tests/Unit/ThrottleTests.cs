using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>Throttling mode: the token bucket, which queues it applies to, and their quotas.</summary>
[Trait("Tier", "Unit")]
public class ThrottleTests
{
    /// <summary>Takes tokens at <paramref name="at"/> until one is refused; returns how many were granted.</summary>
    static int Drain(ref TokenBucket bucket, long at)
    {
        var granted = 0;
        while (true)
        {
            var (allowed, next) = bucket.Take(at);
            bucket = next;
            if (!allowed) return granted;
            granted++;
        }
    }

    [Fact]
    public void A_full_bucket_grants_one_second_of_calls_at_once_then_refuses()
    {
        var bucket = TokenBucket.Full(300, At(0));

        Assert.Equal(300, Drain(ref bucket, At(0)));
        Assert.False(bucket.Take(At(0)).Allowed);
    }

    [Fact]
    public void The_bucket_refills_continuously_at_its_rate()
    {
        var bucket = TokenBucket.Full(300, At(0));
        Drain(ref bucket, At(0));

        // 300 a second is one every 3.33 ms: 10 ms bring three calls, 100 ms thirty.
        Assert.Equal(3, Drain(ref bucket, At(0.010)));
        Assert.Equal(30, Drain(ref bucket, At(0.110)));
    }

    [Fact]
    public void Fractions_of_a_token_add_up()
    {
        var bucket = TokenBucket.Full(300, At(0));
        Drain(ref bucket, At(0));

        // 2 ms is 0.6 of a call: refused, but the next 2 ms complete it.
        Assert.Equal(0, Drain(ref bucket, At(0.002)));
        Assert.Equal(1, Drain(ref bucket, At(0.004)));
    }

    [Fact]
    public void An_idle_bucket_holds_no_more_than_one_second_of_calls()
    {
        var bucket = TokenBucket.Full(300, At(0));
        Drain(ref bucket, At(0));

        Assert.Equal(300, Drain(ref bucket, At(3_600)));
    }

    [Fact]
    public void Sustained_calls_get_the_rate_and_no_more()
    {
        var bucket = TokenBucket.Full(300, At(0));
        var granted = 0;
        // A call every millisecond for 10 s: the first second's burst, then 300 a second.
        for (var ms = 0; ms < 10_000; ms++)
        {
            var (allowed, next) = bucket.Take(T0 + ms);
            bucket = next;
            if (allowed) granted++;
        }

        Assert.InRange(granted, 300 + 300 * 10 - 1, 300 + 300 * 10);
    }

    [Fact]
    public void A_clock_that_steps_back_refills_nothing()
    {
        var bucket = TokenBucket.Full(300, At(10));
        Drain(ref bucket, At(10));

        Assert.Equal(0, Drain(ref bucket, At(5)));
        Assert.Equal(3, Drain(ref bucket, At(10.010)));
    }

    [Theory]
    [InlineData("orders-*.fifo", "orders-eu.fifo", true)]
    [InlineData("orders-*.fifo", "orders-.fifo", true)]
    [InlineData("orders-*.fifo", "orders-eu", false)]
    [InlineData("orders-*.fifo", "Orders-eu.fifo", false)]
    [InlineData("*", "anything", true)]
    [InlineData("jobs", "jobs", true)]
    [InlineData("jobs", "jobs2", false)]
    [InlineData("*-dlq", "a-dlq-dlq", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYc-", false)]
    public void Queue_name_patterns_match_whole_names_with_star_wildcards(string pattern, string name, bool matches) =>
        Assert.Equal(matches, ThrottleRules.Matches(pattern, name));

    [Fact]
    public void No_patterns_throttle_nothing() => Assert.False(ThrottleRules.IsThrottled([], "orders"));

    [Fact]
    public void Fifo_queues_get_300_calls_a_second_and_high_throughput_ones_70000()
    {
        var fifo = CreatedNamed("orders.fifo", (R.FifoQueue, "true"));
        var highThroughput = CreatedNamed("fast.fifo", (R.FifoQueue, "true"),
            (FifoRules.DeduplicationScope, "messageGroup"), (FifoRules.FifoThroughputLimit, "perMessageGroupId"));

        Assert.Equal(300, ThrottleRules.CallsPerSecond(fifo.State, standardCallsPerSecond: 50));
        Assert.Equal(70_000, ThrottleRules.CallsPerSecond(highThroughput.State, standardCallsPerSecond: 50));
        Assert.Equal(50, ThrottleRules.CallsPerSecond(Created().State, standardCallsPerSecond: 50));
    }

    [Fact]
    public void Only_the_message_actions_are_throttled_and_a_batch_counts_as_its_single_action()
    {
        var queueId = Created().QueueId;

        Assert.Equal(ThrottledAction.SendMessage, ThrottleRules.ActionOf(new SendMessages(queueId, [], IsBatch: true, "s")));
        Assert.Equal(ThrottledAction.ReceiveMessage, ThrottleRules.ActionOf(new ReceiveMessages(queueId, 1, null, null)));
        Assert.Equal(ThrottledAction.DeleteMessage, ThrottleRules.ActionOf(new DeleteMessages(queueId, [], IsBatch: true)));
        Assert.Equal(ThrottledAction.ChangeMessageVisibility, ThrottleRules.ActionOf(new ChangeVisibility(queueId, [], IsBatch: false)));
        Assert.Null(ThrottleRules.ActionOf(new GetQueueAttributes(queueId, ["All"])));
        Assert.Null(ThrottleRules.ActionOf(new PurgeQueue(queueId)));
    }
}
