using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>
/// Fair queues: a standard queue's MessageGroupId names a tenant; one holding more than 10 % of the
/// in-flight messages and at least 30 of them is noisy, and receives serve the others first.
/// </summary>
[Trait("Tier", "Unit")]
public class FairQueueTests
{
    static SendEntry Entry(string body, string? group, string id = "e1") => Msg.Entry(body, id: id) with { MessageGroupId = group };

    /// <summary>Sends <paramref name="count"/> messages of one group (or none), ten to a batch.</summary>
    static void SendMany(TestQueue queue, string? group, int count, long at, string prefix = "")
    {
        for (var sent = 0; sent < count; sent += 10)
        {
            var entries = Enumerable.Range(sent, Math.Min(10, count - sent))
                .Select(i => Entry($"{prefix}{group ?? "none"}-{i}", group, id: $"e{i - sent}")).ToArray();
            Assert.Empty(Expect.Reply<SendResult>(queue.SendBatch(at, entries)).Failed);
        }
    }

    static List<string?> Groups(IEnumerable<ReceivedMessage> messages) => messages.Select(m => m.Message.MessageGroupId).ToList();

    [Fact]
    public void A_standard_queue_keeps_the_MessageGroupId_and_hands_it_out_on_receive()
    {
        var queue = Created();
        queue.SendReply(Entry("m", "tenant-1"), At(0));

        Assert.Equal("tenant-1", Assert.Single(queue.Receive(At(0))).Message.MessageGroupId);
    }

    [Fact]
    public void A_standard_queue_checks_the_MessageGroupId_like_a_fifo_queue_does() =>
        Expect.Rejection(Shoal.Actors.Common.ErrorCode.InvalidParameterValue, Created().SendReply(Entry("m", "tenant 1"), At(0)));

    [Fact]
    public void The_quiet_groups_messages_come_out_in_the_first_receives_despite_a_noisy_backlog()
    {
        var queue = Created();
        SendMany(queue, "noisy", 1_000, At(0));
        SendMany(queue, "quiet", 10, At(1));

        // Three receives put 30 of the noisy group in flight, all of the in-flight messages: it is noisy now.
        var received = new List<ReceivedMessage>();
        for (var i = 0; i < 4; i++) received.AddRange(queue.Receive(At(2)));

        Assert.Equal(Enumerable.Repeat("noisy", 30), Groups(received.Take(30)));
        Assert.Equal(Enumerable.Repeat("quiet", 10), Groups(received.Skip(30)));
    }

    [Fact]
    public void Without_fairness_the_quiet_group_would_wait_behind_the_backlog()
    {
        // The same backlog below the noisy threshold: earliest visible first, as on any standard queue.
        var queue = Created();
        SendMany(queue, "big", 100, At(0));
        SendMany(queue, "small", 10, At(1));

        var first = queue.Receive(At(2)).Concat(queue.Receive(At(2))).ToList();

        Assert.All(first, m => Assert.Equal("big", m.Message.MessageGroupId));
    }

    [Fact]
    public void A_noisy_group_alone_is_still_served_until_its_backlog_is_drained()
    {
        var queue = Created();
        SendMany(queue, "noisy", 200, At(0));

        var received = new List<ReceivedMessage>();
        for (var i = 0; i < 20; i++) received.AddRange(queue.Receive(At(1)));

        Assert.Equal(200, received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Empty(queue.Receive(At(1)));
    }

    [Fact]
    public void A_noisy_group_is_served_when_the_quiet_messages_are_all_in_flight()
    {
        var queue = Created();
        SendMany(queue, "quiet", 5, At(0));
        SendMany(queue, "noisy", 100, At(1));
        Assert.Equal(Enumerable.Repeat("quiet", 5), Groups(queue.Receive(At(2), max: 5)));
        for (var i = 0; i < 3; i++) queue.Receive(At(2));

        Assert.Equal(Enumerable.Repeat("noisy", 10), Groups(queue.Receive(At(2))));
    }

    [Fact]
    public void A_receive_fills_up_with_noisy_messages_after_the_quiet_ones()
    {
        var queue = Created();
        SendMany(queue, "noisy", 100, At(0));
        SendMany(queue, "quiet", 3, At(1));
        for (var i = 0; i < 3; i++) queue.Receive(At(2));

        Assert.Equal([.. Enumerable.Repeat("quiet", 3), .. Enumerable.Repeat("noisy", 7)], Groups(queue.Receive(At(2))));
    }

    [Fact]
    public void Messages_without_a_group_count_as_quiet_tenants()
    {
        var queue = Created();
        SendMany(queue, "noisy", 500, At(0));
        SendMany(queue, group: null, 5, At(1));
        for (var i = 0; i < 3; i++) queue.Receive(At(2));

        Assert.Equal([null, null, null, null, null], Groups(queue.Receive(At(2), max: 5)));
    }

    [Fact]
    public void Thirty_in_flight_is_not_noisy_when_it_is_no_more_than_a_tenth_of_all_in_flight()
    {
        var queue = Created();
        // 300 ungrouped then 30 of "big": all 330 in flight, "big" holds 30 of them (9 %).
        SendMany(queue, group: null, 300, At(0));
        SendMany(queue, "big", 40, At(1));
        for (var i = 0; i < 33; i++) queue.Receive(At(2));
        SendMany(queue, "small", 1, At(3));

        Assert.Empty(FairQueueRules.NoisyGroups(queue.State, At(3)));
        Assert.Equal(Enumerable.Repeat("big", 10), Groups(queue.Receive(At(3))));
    }

    [Fact]
    public void Twenty_nine_in_flight_is_never_noisy()
    {
        var queue = Created();
        SendMany(queue, "big", 40, At(0));
        SendMany(queue, "small", 1, At(1));
        queue.Receive(At(2));
        queue.Receive(At(2));
        queue.Receive(At(2), max: 9);

        Assert.Empty(FairQueueRules.NoisyGroups(queue.State, At(2)));
        Assert.Equal(Enumerable.Repeat("big", 10), Groups(queue.Receive(At(2))));
    }

    [Fact]
    public void Of_several_noisy_groups_the_one_with_fewest_in_flight_is_served_first()
    {
        var queue = Created();
        SendMany(queue, "a", 100, At(0));
        SendMany(queue, "b", 100, At(1));
        // "a" turns noisy at 30 in flight, so "b" is served until it has 30 in flight too.
        var first = Enumerable.Range(0, 6).SelectMany(_ => queue.Receive(At(2))).ToList();
        Assert.Equal([.. Enumerable.Repeat("a", 30), .. Enumerable.Repeat("b", 30)], Groups(first));
        Assert.Equal([("a", 30), ("b", 30)], FairQueueRules.NoisyGroups(queue.State, At(2)));
        SendMany(queue, "c", 1, At(3));

        // The quiet "c" first; then "a" and "b" tie, and the tie goes by name.
        Assert.Equal(["c", .. Enumerable.Repeat("a", 9)], Groups(queue.Receive(At(3))));
        // Now "b" has fewer in flight (30 against 39).
        Assert.Equal(Enumerable.Repeat("b", 10), Groups(queue.Receive(At(3))));
    }

    [Fact]
    public void A_noisy_group_whose_messages_are_visible_again_is_quiet_again()
    {
        var queue = Created((R.VisibilityTimeout, "10"));
        SendMany(queue, "noisy", 100, At(0));
        for (var i = 0; i < 3; i++) queue.Receive(At(1));
        SendMany(queue, "quiet", 1, At(2));
        Assert.NotEmpty(FairQueueRules.NoisyGroups(queue.State, At(2)));

        // At 11 s the 30 received are visible again: nothing is in flight, so nobody is noisy.
        Assert.Empty(FairQueueRules.NoisyGroups(queue.State, At(11)));
        Assert.Equal(Enumerable.Repeat("noisy", 10), Groups(queue.Receive(At(11))));
    }

    [Fact]
    public void The_group_bookkeeping_survives_a_snapshot()
    {
        var queue = Created();
        SendMany(queue, "noisy", 100, At(0));
        SendMany(queue, "quiet", 5, At(1));
        for (var i = 0; i < 3; i++) queue.Receive(At(2));

        var restored = QueueState.FromSnapshot(queue.State.ToSnapshot());

        Assert.Equal(FairQueueRules.NoisyGroups(queue.State, At(2)), FairQueueRules.NoisyGroups(restored, At(2)));
        var receive = new ReceiveMessages(queue.QueueId, 10, null, null);
        var fromHistory = Expect.Reply<ReceiveResult>(QueueDecider.Decide(queue.State, receive, At(2)).Reply).Messages;
        var fromSnapshot = Expect.Reply<ReceiveResult>(QueueDecider.Decide(restored, receive, At(2)).Reply).Messages;
        Assert.Equal(fromHistory.Select(m => m.ReceiptHandle), fromSnapshot.Select(m => m.ReceiptHandle));
        Assert.Equal([.. Enumerable.Repeat("quiet", 5), .. Enumerable.Repeat("noisy", 5)], Groups(fromSnapshot));
    }

    [Fact]
    public void Deleting_and_purging_forget_the_groups()
    {
        var queue = Created();
        SendMany(queue, "noisy", 40, At(0));
        var handles = Enumerable.Range(0, 4).SelectMany(_ => queue.Receive(At(1))).Select(m => m.ReceiptHandle).ToList();
        Assert.Equal(40, queue.State.Groups.ReceivedIn("noisy"));

        foreach (var handle in handles.Take(11)) queue.Delete(handle, At(2));
        Assert.Equal(29, queue.State.Groups.ReceivedIn("noisy"));
        Assert.Empty(queue.State.Groups.Busy);

        queue.Run(new PurgeQueue(queue.QueueId), At(3));
        Assert.Equal(0, queue.State.Groups.Count);
        Assert.Empty(queue.State.Groups.Heads);
    }

    [Fact]
    public void Fifo_queues_keep_no_tenants_and_order_their_groups_as_before()
    {
        var queue = CreatedNamed("orders.fifo", (R.FifoQueue, "true"), (FifoRules.ContentBasedDeduplication, "true"));
        SendMany(queue, "a", 40, At(0));
        SendMany(queue, "b", 1, At(1));

        Assert.Equal(0, queue.State.Groups.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"a-{i}"), queue.Receive(At(2)).Select(m => m.Message.Body));
        // "a" is held back while its messages are in flight; "b" flows.
        Assert.Equal(["b-0"], queue.Receive(At(2)).Select(m => m.Message.Body));
    }
}
