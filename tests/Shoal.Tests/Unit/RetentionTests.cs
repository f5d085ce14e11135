using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class RetentionTests
{
    static Decision Expire(TestQueue queue, long at) => queue.Decide(new ExpireMessages(queue.QueueId), at);

    [Fact]
    public void Message_older_than_the_retention_period_is_not_received()
    {
        var queue = Created((R.MessageRetentionPeriod, "60"));
        queue.Send("old", At(0));

        Assert.Single(queue.Receive(At(59.999), visibilityTimeout: 0));
        Assert.Empty(queue.Receive(At(60)));
    }

    [Fact]
    public void Message_older_than_the_retention_period_is_not_counted()
    {
        var queue = Created((R.MessageRetentionPeriod, "60"));
        queue.Send("old", At(0));

        Assert.Equal((1L, 0L, 0L), queue.Counts(At(59.999)));
        Assert.Equal((0L, 0L, 0L), queue.Counts(At(60)));
    }

    [Fact]
    public void ExpireMessages_removes_exactly_the_messages_past_retention()
    {
        var queue = Created((R.MessageRetentionPeriod, "60"));
        var old = queue.Send("old", At(0));
        queue.Send("young", At(30));

        var oldSequence = queue.SequenceOf(old.MessageId);

        var decision = Expire(queue, At(60));
        foreach (var e in decision.Events) queue.State.Apply(e);

        var expired = Assert.IsType<MessagesExpired>(Assert.Single(decision.Events));
        Assert.Equal([oldSequence], expired.Sequences);
        Assert.Equal(1, queue.State.MessageCount);
        Assert.NotEqual(old.MessageId, Assert.Single(queue.Receive(At(60))).Message.MessageId);
    }

    [Fact]
    public void ExpireMessages_also_removes_in_flight_messages_past_retention()
    {
        var queue = Created((R.MessageRetentionPeriod, "60"), (R.VisibilityTimeout, "300"));
        queue.Send("old", At(0));
        queue.Receive(At(50));

        Assert.IsType<MessagesExpired>(Assert.Single(Expire(queue, At(60)).Events));
    }

    [Fact]
    public void ExpireMessages_before_retention_has_passed_produces_no_events()
    {
        var queue = Created((R.MessageRetentionPeriod, "60"));
        queue.Send("young", At(0));

        Assert.Empty(Expire(queue, At(59.999)).Events);
    }

    [Fact]
    public void Lowering_the_retention_period_expires_messages_already_older_than_it()
    {
        var queue = Created();
        var old = queue.Send("old", At(0));
        queue.Send("young", At(100));

        Expect.Reply<Done>(queue.SetAttributes(At(120), (R.MessageRetentionPeriod, "60")));

        Assert.Equal((1L, 0L, 0L), queue.Counts(At(120)));
        var expired = Assert.IsType<MessagesExpired>(Assert.Single(Expire(queue, At(120)).Events));
        Assert.Equal([queue.SequenceOf(old.MessageId)], expired.Sequences);
    }
}
