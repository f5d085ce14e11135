using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class VisibilityTests
{
    [Fact]
    public void Received_message_is_hidden_for_the_queue_default_of_30_seconds()
    {
        var queue = Created();
        queue.Send("hello", At(0));

        Assert.Single(queue.Receive(At(1)));

        Assert.Empty(queue.Receive(At(30.999)));
        Assert.Single(queue.Receive(At(31)));
    }

    [Fact]
    public void Message_becomes_visible_again_after_its_visibility_timeout_with_a_higher_receive_count_and_a_new_receipt_handle()
    {
        var queue = Created();
        var sent = queue.Send("hello", At(0));

        var first = Assert.Single(queue.Receive(At(0)));
        var second = Assert.Single(queue.Receive(At(30)));

        Assert.Equal(sent.MessageId, second.Message.MessageId);
        Assert.Equal(1, first.ReceiveCount);
        Assert.Equal(2, second.ReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
    }

    [Fact]
    public void First_receive_timestamp_stays_at_the_first_receive()
    {
        var queue = Created();
        queue.Send("hello", At(0));

        Assert.Equal(At(5), Assert.Single(queue.Receive(At(5))).FirstReceivedAt);
        Assert.Equal(At(5), Assert.Single(queue.Receive(At(40))).FirstReceivedAt);
    }

    [Fact]
    public void Queue_VisibilityTimeout_sets_how_long_a_received_message_stays_hidden()
    {
        var queue = Created((R.VisibilityTimeout, "10"));
        queue.Send("hello", At(0));
        queue.Receive(At(0));

        Assert.Empty(queue.Receive(At(9.999)));
        Assert.Single(queue.Receive(At(10)));
    }

    [Fact]
    public void VisibilityTimeout_on_a_receive_overrides_the_queue_default()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        queue.Receive(At(0), visibilityTimeout: 5);

        Assert.Empty(queue.Receive(At(4.999)));
        Assert.Single(queue.Receive(At(5)));
    }

    [Fact]
    public void Receive_with_VisibilityTimeout_0_leaves_the_message_visible_at_once()
    {
        var queue = Created();
        queue.Send("hello", At(0));

        var first = Assert.Single(queue.Receive(At(1), visibilityTimeout: 0));
        var again = Assert.Single(queue.Receive(At(1)));

        Assert.Equal(2, again.ReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(43_201)]
    public void Receive_VisibilityTimeout_outside_0_to_43200_is_InvalidParameterValue(int seconds)
    {
        var queue = Created();
        queue.Send("hello", At(0));

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.ReceiveReply(At(1), visibilityTimeout: seconds));
    }

    [Fact]
    public void In_flight_message_counts_as_not_visible_until_its_timeout()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        queue.Receive(At(0));

        Assert.Equal((0L, 1L, 0L), queue.Counts(At(29.999)));
        Assert.Equal((1L, 0L, 0L), queue.Counts(At(30)));
    }

    [Fact]
    public void ChangeMessageVisibility_to_0_makes_the_message_visible_at_once()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received.ReceiptHandle, 0, At(2)));

        Assert.Single(queue.Receive(At(2)));
    }

    [Fact]
    public void ChangeMessageVisibility_hides_the_message_for_the_new_timeout_counted_from_the_change()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received.ReceiptHandle, 60, At(20)));

        Assert.Empty(queue.Receive(At(79.999)));
        Assert.Single(queue.Receive(At(80)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(43_200)]
    public void ChangeMessageVisibility_accepts_the_ends_of_its_range(int seconds)
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        // Changed at the moment of the receive: 43,200 s is then exactly the 12-hour ceiling.
        var result = Expect.Reply<EntriesResult>(queue.ChangeVisibility(received.ReceiptHandle, seconds, At(0)));

        Assert.Equal(["e1"], result.Successful);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(43_201)]
    public void ChangeMessageVisibility_outside_0_to_43200_is_InvalidParameterValue(int seconds)
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.ChangeVisibility(received.ReceiptHandle, seconds, At(1)));
        Assert.Empty(queue.Receive(At(1)));
    }

    [Fact]
    public void ChangeMessageVisibility_may_extend_the_timeout_up_to_12_hours_after_the_receive()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0), visibilityTimeout: 43_200));

        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received.ReceiptHandle, 39_600, At(3_600)));
    }

    [Fact]
    public void ChangeMessageVisibility_beyond_12_hours_after_the_receive_is_InvalidParameterValue()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0), visibilityTimeout: 43_200));

        // Documented in the ChangeMessageVisibility API reference: the total visibility timeout can't exceed 12 hours.
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.ChangeVisibility(received.ReceiptHandle, 39_601, At(3_600)));
    }

    [Fact]
    public void Changing_the_queue_VisibilityTimeout_leaves_messages_already_in_flight_alone()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        queue.Receive(At(0));

        Expect.Reply<Done>(queue.SetAttributes(At(1), (R.VisibilityTimeout, "5")));

        Assert.Empty(queue.Receive(At(29.999)));
        Assert.Single(queue.Receive(At(30)));
    }

    [Fact]
    public void ChangeMessageVisibility_after_the_timeout_expired_is_MessageNotInflight()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Expect.Rejection(ErrorCode.MessageNotInflight, queue.ChangeVisibility(received.ReceiptHandle, 60, At(30)));
    }

    [Fact]
    public void ChangeMessageVisibilityBatch_changes_the_valid_entries_and_reports_the_others()
    {
        var queue = Created();
        queue.Send("a", At(0));
        queue.Send("b", At(0));
        var received = queue.Receive(At(0));
        var entries = new List<VisibilityEntry>
        {
            new("zero", received[0].ReceiptHandle, 0),
            new("too-long", received[1].ReceiptHandle, 43_201),
            new("garbage", "not-a-handle", 0),
        };

        var result = Expect.Reply<EntriesResult>(queue.Run(new ChangeVisibility(queue.QueueId, entries, IsBatch: true), At(1)));

        Assert.Equal(["zero"], result.Successful);
        Expect.EntryFailure(ErrorCode.InvalidParameterValue, "too-long", result.Failed);
        Expect.EntryFailure(ErrorCode.ReceiptHandleIsInvalid, "garbage", result.Failed);
        Assert.Equal(received[0].Message.MessageId, Assert.Single(queue.Receive(At(1))).Message.MessageId);
    }
}
