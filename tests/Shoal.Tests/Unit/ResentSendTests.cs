using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

/// <summary>
/// The API sends a send again when a broker left the cluster before it answered; the copy is marked, and a
/// standard queue that stored the first answers the copy with it instead of storing the message twice.
/// </summary>
[Trait("Tier", "Unit")]
public class ResentSendTests
{
    [Fact]
    public void A_resent_send_whose_first_copy_was_stored_answers_with_it_and_stores_nothing()
    {
        var queue = Created();
        var entry = Msg.Entry("once");
        var first = Expect.Reply<SendResult>(queue.Run(new SendMessages(queue.QueueId, [entry], IsBatch: false, "sender"), At(0)));

        var resent = Expect.Reply<SendResult>(queue.Run(new SendMessages(queue.QueueId, [entry], IsBatch: false, "sender", Resent: true), At(1)));

        Assert.Equal(first.Successful.Single().MessageId, resent.Successful.Single().MessageId);
        Assert.Equal(first.Successful.Single().Md5OfBody, resent.Successful.Single().Md5OfBody);
        Assert.Equal(1, queue.State.MessageCount);
    }

    [Fact]
    public void A_resent_send_whose_first_copy_was_lost_is_stored()
    {
        var queue = Created();

        var resent = Expect.Reply<SendResult>(queue.Run(new SendMessages(queue.QueueId, [Msg.Entry("lost once")], IsBatch: false, "sender", Resent: true), At(0)));

        Assert.Equal("lost once", Assert.Single(queue.Receive(At(1))).Message.Body);
        Assert.Single(resent.Successful);
    }

    [Fact]
    public void A_resent_batch_stores_only_the_entries_the_first_copy_did_not()
    {
        var queue = Created();
        SendEntry[] entries = [Msg.Entry("a", id: "e1"), Msg.Entry("b", id: "e2")];
        queue.Run(new SendMessages(queue.QueueId, [entries[0]], IsBatch: true, "sender"), At(0));

        var resent = Expect.Reply<SendResult>(queue.Run(new SendMessages(queue.QueueId, entries, IsBatch: true, "sender", Resent: true), At(1)));

        Assert.Equal(["e1", "e2"], resent.Successful.Select(s => s.Id));
        Assert.Equal(["a", "b"], queue.State.BySequence().Select(m => m.Message.Body));
    }

    [Fact]
    public void A_send_that_is_not_marked_resent_is_stored_even_with_a_known_MessageId()
    {
        // Only copies marked resent pay for the walk over the stored messages; a client never picks a MessageId.
        var queue = Created();
        var entry = Msg.Entry("twice");
        queue.Run(new SendMessages(queue.QueueId, [entry], IsBatch: false, "sender"), At(0));
        queue.Run(new SendMessages(queue.QueueId, [entry], IsBatch: false, "sender"), At(1));

        Assert.Equal(2, queue.State.MessageCount);
    }
}
