using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class DelayTests
{
    [Fact]
    public void Message_DelaySeconds_hides_a_new_message_until_the_delay_has_passed()
    {
        var queue = Created();
        queue.Send("later", At(0), delaySeconds: 10);

        Assert.Empty(queue.Receive(At(9.999)));
        Assert.Single(queue.Receive(At(10)));
    }

    [Fact]
    public void Queue_DelaySeconds_hides_every_new_message_until_the_delay_has_passed()
    {
        var queue = Created((R.DelaySeconds, "20"));
        queue.Send("later", At(0));

        Assert.Empty(queue.Receive(At(19.999)));
        Assert.Single(queue.Receive(At(20)));
    }

    [Fact]
    public void Message_DelaySeconds_overrides_the_queue_delay()
    {
        var queue = Created((R.DelaySeconds, "20"));
        queue.Send("now", At(0), delaySeconds: 0);

        Assert.Single(queue.Receive(At(0)));
    }

    [Fact]
    public void Changing_the_queue_DelaySeconds_leaves_messages_already_sent_alone()
    {
        var queue = Created((R.DelaySeconds, "20"));
        queue.Send("later", At(0));

        Expect.Reply<Done>(queue.SetAttributes(At(1), (R.DelaySeconds, "0")));

        Assert.Empty(queue.Receive(At(19.999)));
        Assert.Single(queue.Receive(At(20)));
    }

    [Fact]
    public void Delayed_message_counts_as_ApproximateNumberOfMessagesDelayed_until_it_is_visible()
    {
        var queue = Created();
        queue.Send("later", At(0), delaySeconds: 10);

        Assert.Equal((0L, 0L, 1L), queue.Counts(At(9.999)));
        Assert.Equal((1L, 0L, 0L), queue.Counts(At(10)));
    }

    [Fact]
    public void Message_DelaySeconds_900_is_accepted()
    {
        var queue = Created();
        queue.Send("later", At(0), delaySeconds: 900);

        Assert.Empty(queue.Receive(At(899.999)));
        Assert.Single(queue.Receive(At(900)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(901)]
    public void Message_DelaySeconds_outside_0_to_900_is_InvalidParameterValue(int seconds)
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Msg.Entry("later", seconds), At(0)));
        Assert.Equal(0, queue.State.MessageCount);
    }
}
