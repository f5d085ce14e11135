using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.Msg;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class ReceiveTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-1)]
    public void MaxNumberOfMessages_outside_1_to_10_is_InvalidParameterValue(int max)
    {
        var queue = Created();
        queue.Send("hello", At(0));

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.ReceiveReply(At(0), max));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Receive_returns_at_most_MaxNumberOfMessages(int max)
    {
        var queue = Created();
        for (var i = 0; i < 12; i++) queue.Send($"m{i}", At(0));

        Assert.Equal(max, queue.Receive(At(0), max).Count);
    }

    [Fact]
    public void Receive_returns_fewer_than_asked_when_fewer_are_visible_and_then_the_rest()
    {
        var queue = Created();
        for (var i = 0; i < 5; i++) queue.Send($"m{i}", At(0));

        Assert.Equal(3, queue.Receive(At(0), max: 3).Count);
        Assert.Equal(2, queue.Receive(At(0), max: 10).Count);
        Assert.Empty(queue.Receive(At(0)));
    }

    [Fact]
    public void Receive_returns_messages_in_the_order_they_became_visible()
    {
        var queue = Created();
        queue.Send("delayed", At(0), delaySeconds: 10);
        queue.Send("first", At(1));
        queue.Send("second", At(2));
        queue.Send("returned", At(3));
        queue.Receive(At(3), max: 1);
        queue.Receive(At(3), max: 1);
        // "first" is in flight until 33 and "second" until 35; "returned" was never received.

        Assert.Equal(["returned", "delayed"], queue.Receive(At(12)).Select(m => m.Message.Body));
        Assert.Equal(["first", "second"], queue.Receive(At(40)).Select(m => m.Message.Body));
    }

    [Fact]
    public void Receive_on_an_empty_queue_answers_no_messages_and_no_events()
    {
        var queue = Created();

        var decision = queue.Decide(new ReceiveMessages(queue.QueueId, 10, null, null), At(0));

        Assert.Empty(Expect.Reply<ReceiveResult>(decision.Reply).Messages);
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void WaitTimeSeconds_from_0_to_20_is_accepted(int seconds) =>
        Expect.Reply<ReceiveResult>(Created().ReceiveReply(At(0), waitTimeSeconds: seconds));

    [Theory]
    [InlineData(21)]
    [InlineData(-1)]
    public void WaitTimeSeconds_outside_0_to_20_is_InvalidParameterValue(int seconds) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, Created().ReceiveReply(At(0), waitTimeSeconds: seconds));

    [Fact]
    public void Long_poll_wait_is_the_receive_own_WaitTimeSeconds_else_the_queue_default()
    {
        var queue = Created((R.ReceiveMessageWaitTimeSeconds, "15"));

        Assert.Equal(15, QueueDecider.WaitTimeSeconds(queue.State, new ReceiveMessages(queue.QueueId, 1, null, null)));
        Assert.Equal(0, QueueDecider.WaitTimeSeconds(queue.State, new ReceiveMessages(queue.QueueId, 1, null, 0)));
    }

    [Fact]
    public void Received_message_carries_what_was_sent()
    {
        var queue = Created();
        var sent = queue.SendReply(Entry("hello", attributes: Attributes(("k", Text("v")))), At(0));
        var sentEntry = Assert.Single(Expect.Reply<SendResult>(sent).Successful);

        var received = Assert.Single(queue.Receive(At(1))).Message;

        Assert.Equal(sentEntry.MessageId, received.MessageId);
        Assert.Equal("hello", received.Body);
        Assert.Equal("v", received.Attributes["k"].StringValue);
        Assert.Equal("sender", received.SenderId);
        Assert.Equal(At(0), received.SentAt);
    }
}
