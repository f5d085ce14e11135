using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public sealed class InFlightLimitTests
{
    [Fact]
    public void Short_poll_past_120000_in_flight_is_OverLimit_and_a_long_poll_finds_nothing_until_one_is_deleted()
    {
        var queue = Created();
        for (var i = 0; i < QueueDecider.MaxInFlight / 10; i++)
            queue.SendBatch(At(1), Enumerable.Range(0, 10).Select(n => Msg.Entry($"m{i}-{n}", id: $"e{n}")).ToArray());
        queue.Send("the one more", At(2));
        string handle = "";
        for (var i = 0; i < QueueDecider.MaxInFlight / 10; i++)
            handle = queue.Receive(At(3), max: 10, visibilityTimeout: 3600)[0].ReceiptHandle;

        Expect.Rejection(ErrorCode.OverLimit, queue.ReceiveReply(At(4)));
        Assert.Empty(Expect.Reply<ReceiveResult>(queue.ReceiveReply(At(4), waitTimeSeconds: 5)).Messages);

        // Finishing one message makes room for the one still waiting.
        queue.Delete(handle, At(5));
        Assert.Equal("the one more", Assert.Single(queue.Receive(At(5))).Message.Body);
    }

    [Fact]
    public void Messages_whose_visibility_timeout_ended_no_longer_count_as_in_flight()
    {
        var queue = Created();
        for (var i = 0; i < QueueDecider.MaxInFlight / 10 + 1; i++)
            queue.SendBatch(At(1), Enumerable.Range(0, 10).Select(n => Msg.Entry($"m{i}-{n}", id: $"e{n}")).ToArray());
        for (var i = 0; i < QueueDecider.MaxInFlight / 10; i++)
            queue.Receive(At(2), max: 10, visibilityTimeout: 60);

        Expect.Rejection(ErrorCode.OverLimit, queue.ReceiveReply(At(3)));
        Assert.Equal(10, queue.Receive(At(63)).Count);
    }
}
