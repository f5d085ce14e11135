using System.Security.Cryptography;
using System.Text;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using F = Shoal.Actors.Queues.FifoRules;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class FifoTests
{
    static TestQueue Fifo(params (string Name, string Value)[] attributes) =>
        CreatedNamed("orders.fifo", [(R.FifoQueue, "true"), .. attributes]);

    /// <summary>A FIFO send; without <paramref name="dedup"/> each entry gets a fresh deduplication id.</summary>
    static SendEntry Entry(string body, string? group = "g1", string? dedup = null, string id = "e1") =>
        Msg.Entry(body, id: id) with { MessageGroupId = group, MessageDeduplicationId = dedup ?? Guid.NewGuid().ToString("N") };

    static SentEntry Send(TestQueue queue, string body, long at, string group = "g1", string? dedup = null) =>
        Assert.Single(Expect.Reply<SendResult>(queue.SendReply(Entry(body, group, dedup), at)).Successful);

    static object CreateReply(string name, params (string Name, string Value)[] attributes)
    {
        var queue = Missing(name);
        return queue.Run(queue.Create(attributes), At(0));
    }

    static IEnumerable<string> Bodies(IEnumerable<ReceivedMessage> messages) => messages.Select(m => m.Message.Body);

    // ---- CreateQueue and attributes ----

    [Fact]
    public void A_fifo_name_with_FifoQueue_true_creates_a_fifo_queue_that_reports_its_defaults()
    {
        var attributes = Fifo().Attributes(At(0), "All");

        Assert.Equal("true", attributes[R.FifoQueue]);
        Assert.Equal("false", attributes[F.ContentBasedDeduplication]);
        Assert.Equal("queue", attributes[F.DeduplicationScope]);
        Assert.Equal("perQueue", attributes[F.FifoThroughputLimit]);
    }

    [Fact]
    public void A_standard_queue_reports_neither_FifoQueue_nor_the_fifo_attributes()
    {
        var attributes = Created((R.FifoQueue, "false")).Attributes(At(0), "All");

        Assert.DoesNotContain(R.FifoQueue, attributes.Keys);
        Assert.DoesNotContain(attributes.Keys, F.IsFifoAttribute);
    }

    [Fact]
    public void A_fifo_suffix_without_FifoQueue_true_is_InvalidParameterValue()
    {
        Expect.Rejection(ErrorCode.InvalidParameterValue, CreateReply("orders.fifo"));
        Expect.Rejection(ErrorCode.InvalidParameterValue, CreateReply("orders.fifo", (R.FifoQueue, "false")));
    }

    [Fact]
    public void FifoQueue_true_without_the_fifo_suffix_is_InvalidParameterValue() =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, CreateReply("orders", (R.FifoQueue, "true")));

    [Theory]
    [InlineData(".fifo")]
    [InlineData("bad.name.fifo")]
    [InlineData("orders.FIFO")]
    public void A_fifo_name_still_needs_a_valid_stem(string name) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, CreateReply(name, (R.FifoQueue, "true")));

    [Fact]
    public void The_80_character_limit_counts_the_fifo_suffix()
    {
        Expect.Reply<CreateQueueResult>(CreateReply(new string('a', 75) + ".fifo", (R.FifoQueue, "true")));
        Expect.Rejection(ErrorCode.InvalidParameterValue, CreateReply(new string('a', 76) + ".fifo", (R.FifoQueue, "true")));
    }

    [Fact]
    public void Creating_an_existing_fifo_queue_again_with_the_same_attributes_succeeds()
    {
        var queue = Fifo((F.ContentBasedDeduplication, "true"));

        Expect.Reply<CreateQueueResult>(queue.Run(queue.Create((R.FifoQueue, "true"), (F.ContentBasedDeduplication, "true")), At(1)));
        Expect.Rejection(ErrorCode.QueueNameExists, queue.Run(queue.Create((R.FifoQueue, "true"), (F.ContentBasedDeduplication, "false")), At(1)));
    }

    [Theory]
    [InlineData(F.ContentBasedDeduplication, "true")]
    [InlineData(F.DeduplicationScope, "messageGroup")]
    [InlineData(F.FifoThroughputLimit, "perQueue")]
    public void Fifo_attributes_on_a_standard_queue_are_InvalidAttributeName(string name, string value)
    {
        Expect.Rejection(ErrorCode.InvalidAttributeName, CreateReply("orders", (name, value)));
        Expect.Rejection(ErrorCode.InvalidAttributeName, Created().SetAttributes(At(1), (name, value)));
    }

    [Theory]
    [InlineData(F.ContentBasedDeduplication, "yes")]
    [InlineData(F.DeduplicationScope, "group")]
    [InlineData(F.FifoThroughputLimit, "perGroup")]
    public void Fifo_attributes_with_unknown_values_are_InvalidAttributeValue(string name, string value) =>
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Fifo().SetAttributes(At(1), (name, value)));

    [Fact]
    public void FifoThroughputLimit_perMessageGroupId_requires_DeduplicationScope_messageGroup()
    {
        Expect.Rejection(ErrorCode.InvalidAttributeValue,
            CreateReply("ht.fifo", (R.FifoQueue, "true"), (F.FifoThroughputLimit, "perMessageGroupId")));
        var queue = Fifo((F.DeduplicationScope, "messageGroup"), (F.FifoThroughputLimit, "perMessageGroupId"));

        Expect.Rejection(ErrorCode.InvalidAttributeValue, queue.SetAttributes(At(1), (F.DeduplicationScope, "queue")));
        Expect.Reply<Done>(queue.SetAttributes(At(1), (F.DeduplicationScope, "queue"), (F.FifoThroughputLimit, "perQueue")));
        Assert.Equal("perQueue", queue.Attributes(At(1), F.FifoThroughputLimit)[F.FifoThroughputLimit]);
    }

    [Fact]
    public void SetQueueAttributes_cannot_change_the_queue_type()
    {
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Created().SetAttributes(At(1), (R.FifoQueue, "true")));
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Fifo().SetAttributes(At(1), (R.FifoQueue, "false")));
        Expect.Reply<Done>(Fifo().SetAttributes(At(1), (R.FifoQueue, "true")));
    }

    // ---- SendMessage ----

    [Fact]
    public void A_send_without_MessageGroupId_is_MissingParameter() =>
        Expect.Rejection(ErrorCode.MissingParameter, Fifo().SendReply(Entry("m", group: null), At(0)));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void A_MessageGroupId_or_MessageDeduplicationId_outside_alphanumerics_and_punctuation_is_InvalidParameterValue(string id)
    {
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m", group: id), At(0)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m", dedup: id), At(0)));
    }

    [Fact]
    public void Ids_of_128_characters_including_punctuation_are_accepted_and_129_are_not()
    {
        var longest = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + new string('a', 96);
        Assert.Equal(128, longest.Length);

        Send(Fifo(), "m", At(0), group: longest, dedup: longest);
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m", group: longest + "a"), At(0)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m", dedup: longest + "a"), At(0)));
    }

    [Fact]
    public void A_send_without_MessageDeduplicationId_is_InvalidParameterValue_unless_content_based_deduplication_is_on()
    {
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m") with { MessageDeduplicationId = null }, At(0)));

        var contentBased = Fifo((F.ContentBasedDeduplication, "true"));
        Expect.Reply<SendResult>(contentBased.SendReply(Entry("m") with { MessageDeduplicationId = null }, At(0)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("m"))),
            contentBased.State.BySequence().Single().Message.MessageDeduplicationId);
    }

    [Fact]
    public void Content_based_deduplication_drops_a_second_send_of_the_same_body()
    {
        var queue = Fifo((F.ContentBasedDeduplication, "true"));
        var first = Assert.Single(Expect.Reply<SendResult>(queue.SendReply(Entry("same") with { MessageDeduplicationId = null }, At(0))).Successful);

        var again = Assert.Single(Expect.Reply<SendResult>(queue.SendReply(Entry("same") with { MessageDeduplicationId = null }, At(1))).Successful);

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(1, queue.State.MessageCount);
    }

    [Fact]
    public void An_explicit_MessageDeduplicationId_wins_over_content_based_deduplication()
    {
        var queue = Fifo((F.ContentBasedDeduplication, "true"));
        Send(queue, "same", At(0), dedup: "a");
        Send(queue, "same", At(0), dedup: "b");

        Assert.Equal(2, queue.State.MessageCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(900)]
    public void A_per_message_DelaySeconds_is_InvalidParameterValue(int delay) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, Fifo().SendReply(Entry("m") with { DelaySeconds = delay }, At(0)));

    [Fact]
    public void A_per_message_DelaySeconds_of_0_is_accepted_and_the_queue_delay_still_applies()
    {
        var queue = Fifo((R.DelaySeconds, "10"));
        Expect.Reply<SendResult>(queue.SendReply(Entry("m") with { DelaySeconds = 0 }, At(0)));

        Assert.Empty(queue.Receive(At(9)));
        Assert.Equal(["m"], Bodies(queue.Receive(At(10))));
    }

    [Fact]
    public void The_queue_DelaySeconds_applies_to_fifo_messages()
    {
        var queue = Fifo((R.DelaySeconds, "10"));
        Send(queue, "m", At(0));

        Assert.Empty(queue.Receive(At(9)));
        Assert.Equal(["m"], Bodies(queue.Receive(At(10))));
    }

    [Fact]
    public void A_duplicate_within_5_minutes_returns_the_original_MessageId_and_stores_nothing()
    {
        var queue = Fifo();
        var first = Send(queue, "first", At(0), dedup: "d1");

        var decision = queue.Decide(new SendMessages(queue.QueueId, [Entry("second", dedup: "d1")], IsBatch: false, "sender"), At(299.999));

        var again = Assert.Single(Expect.Reply<SendResult>(decision.Reply).Successful);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.SequenceNumber, again.SequenceNumber);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_duplicate_is_dropped_even_after_the_original_was_received_and_deleted()
    {
        var queue = Fifo();
        var first = Send(queue, "first", At(0), dedup: "d1");
        queue.Delete(Assert.Single(queue.Receive(At(1))).ReceiptHandle, At(2));

        Assert.Equal(first.MessageId, Send(queue, "again", At(3), dedup: "d1").MessageId);
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void The_same_deduplication_id_5_minutes_later_is_a_new_message()
    {
        var queue = Fifo();
        var first = Send(queue, "first", At(0), dedup: "d1");

        var later = Send(queue, "later", At(300), dedup: "d1");

        Assert.NotEqual(first.MessageId, later.MessageId);
        Assert.Equal(2, queue.State.MessageCount);
    }

    [Fact]
    public void With_queue_scope_a_deduplication_id_is_shared_by_all_groups()
    {
        var queue = Fifo();
        var first = Send(queue, "a", At(0), group: "g1", dedup: "d1");

        Assert.Equal(first.MessageId, Send(queue, "b", At(0), group: "g2", dedup: "d1").MessageId);
    }

    [Fact]
    public void With_messageGroup_scope_the_same_deduplication_id_in_another_group_is_a_new_message()
    {
        var queue = Fifo((F.DeduplicationScope, "messageGroup"));
        var first = Send(queue, "a", At(0), group: "g1", dedup: "d1");

        Assert.NotEqual(first.MessageId, Send(queue, "b", At(0), group: "g2", dedup: "d1").MessageId);
        Assert.Equal(first.MessageId, Send(queue, "c", At(0), group: "g1", dedup: "d1").MessageId);
        Assert.Equal(2, queue.State.MessageCount);
    }

    [Fact]
    public void A_fifo_batch_with_an_entry_missing_its_group_fails_as_a_whole_with_MissingParameter()
    {
        var queue = Fifo();
        var reply = queue.SendBatch(At(0), Entry("a", id: "a"), Entry("b", group: null, id: "b"));

        Expect.Rejection(ErrorCode.MissingParameter, reply);
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void A_fifo_batch_with_an_entry_missing_its_deduplication_id_fails_as_a_whole_unless_content_based()
    {
        var queue = Fifo();
        var withoutId = Entry("b", id: "b") with { MessageDeduplicationId = null };

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendBatch(At(0), Entry("a", id: "a"), withoutId));
        Assert.Equal(0, queue.State.MessageCount);
        var contentBased = Fifo((F.ContentBasedDeduplication, "true"));
        Assert.Equal(2, Expect.Reply<SendResult>(contentBased.SendBatch(At(0), Entry("a", id: "a"), withoutId)).Successful.Count);
    }

    [Fact]
    public void A_batch_repeating_a_deduplication_id_stores_the_first_entry_only()
    {
        var queue = Fifo();

        var result = Expect.Reply<SendResult>(queue.SendBatch(At(0), Entry("a", dedup: "d1", id: "a"), Entry("b", dedup: "d1", id: "b")));

        Assert.Equal(2, result.Successful.Count);
        Assert.Equal(result.Successful[0].MessageId, result.Successful[1].MessageId);
        Assert.Equal(["a"], queue.State.BySequence().Select(m => m.Message.Body));
    }

    [Fact]
    public void SequenceNumbers_are_20_digit_decimals_strictly_increasing_per_queue()
    {
        var queue = Fifo();
        var numbers = new[] { Send(queue, "a", At(0), group: "g1"), Send(queue, "b", At(0), group: "g2"), Send(queue, "c", At(1), group: "g1") }
            .Select(s => s.SequenceNumber!).ToList();

        Assert.All(numbers, n => Assert.Matches("^[0-9]{20}$", n));
        Assert.Equal(numbers.OrderBy(n => n, StringComparer.Ordinal), numbers);
        Assert.Equal(3, numbers.Distinct().Count());
    }

    [Fact]
    public void A_standard_queue_rejects_MessageDeduplicationId_and_gives_no_SequenceNumber()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Msg.Entry("m") with { MessageDeduplicationId = "d" }, At(0)));
        var sent = Assert.Single(Expect.Reply<SendResult>(queue.SendReply(Msg.Entry("m") with { MessageGroupId = "tenant" }, At(0))).Successful);
        Assert.Null(sent.SequenceNumber);
        // A standard queue keeps the group as the message's fair-queue tenant (FairQueueTests).
        Assert.Equal("tenant", queue.State.BySequence().Single().Message.MessageGroupId);
    }

    // ---- ReceiveMessage ----

    [Fact]
    public void One_receive_returns_several_messages_of_a_group_in_the_order_sent()
    {
        var queue = Fifo();
        for (var i = 0; i < 5; i++) Send(queue, $"m{i}", At(i));

        Assert.Equal(["m0", "m1", "m2"], Bodies(queue.Receive(At(10), max: 3)));
    }

    [Fact]
    public void A_receive_takes_as_many_messages_of_a_group_as_it_can_before_the_next_group()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        Send(queue, "b2", At(0), group: "b");
        Send(queue, "c1", At(0), group: "c");
        Send(queue, "a2", At(0), group: "a");

        Assert.Equal(["a1", "a2", "b1"], Bodies(queue.Receive(At(1), max: 3)));
        Assert.Equal(["c1"], Bodies(queue.Receive(At(2))));
    }

    [Fact]
    public void A_group_run_stops_at_its_first_message_in_flight()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "a2", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        var received = queue.Receive(At(1), max: 2);
        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received[0].ReceiptHandle, 0, At(2)));

        // a1 is visible again, a2 still in flight: a's run is a1 alone, then b.
        Assert.Equal(["a1", "b1"], Bodies(queue.Receive(At(3))));
    }

    [Fact]
    public void A_group_with_a_message_in_flight_is_blocked_while_other_groups_keep_flowing()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        Send(queue, "a2", At(0), group: "a");
        Send(queue, "b2", At(0), group: "b");
        Assert.Equal(["a1"], Bodies(queue.Receive(At(1), max: 1)));

        Assert.Equal(["b1", "b2"], Bodies(queue.Receive(At(2))));
        Assert.Empty(queue.Receive(At(3)));
    }

    [Fact]
    public void After_a_visibility_timeout_expires_the_group_is_received_again_from_its_first_message()
    {
        var queue = Fifo((R.VisibilityTimeout, "30"));
        Send(queue, "m1", At(0));
        Send(queue, "m2", At(0));
        Assert.Equal(["m1"], Bodies(queue.Receive(At(1), max: 1)));

        Assert.Empty(queue.Receive(At(30)));
        Assert.Equal(["m1", "m2"], Bodies(queue.Receive(At(31))));
    }

    [Fact]
    public void After_ChangeMessageVisibility_to_zero_the_group_restarts_in_order()
    {
        var queue = Fifo();
        Send(queue, "m1", At(0));
        Send(queue, "m2", At(0));
        Send(queue, "m3", At(0));
        var received = queue.Receive(At(1), max: 2);
        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received[1].ReceiptHandle, 0, At(2)));

        // m2 is visible again, but m1 still blocks the group.
        Assert.Empty(queue.Receive(At(3)));
        Expect.Reply<EntriesResult>(queue.ChangeVisibility(received[0].ReceiptHandle, 0, At(4)));
        Assert.Equal(["m1", "m2", "m3"], Bodies(queue.Receive(At(5))));
    }

    [Fact]
    public void Deleting_the_messages_in_flight_releases_the_group_at_the_next_message()
    {
        var queue = Fifo();
        for (var i = 1; i <= 4; i++) Send(queue, $"m{i}", At(0));
        var received = queue.Receive(At(1), max: 2);
        queue.Delete(received[0].ReceiptHandle, At(2));

        Assert.Empty(queue.Receive(At(3)));
        queue.Delete(received[1].ReceiptHandle, At(4));
        Assert.Equal(["m3", "m4"], Bodies(queue.Receive(At(5))));
    }

    [Fact]
    public void A_delete_with_a_handle_past_its_visibility_timeout_is_InvalidParameterValue_and_keeps_the_message()
    {
        var queue = Fifo((R.VisibilityTimeout, "30"));
        Send(queue, "m1", At(0));
        var handle = Assert.Single(queue.Receive(At(1))).ReceiptHandle;

        var rejection = Expect.Rejection(ErrorCode.InvalidParameterValue, queue.Delete(handle, At(31)));

        Assert.Contains("The receipt handle has expired", rejection.Message);
        Assert.Equal(["m1"], Bodies(queue.Receive(At(32))));
    }

    [Fact]
    public void A_batch_delete_reports_an_expired_handle_as_a_failed_entry_and_deletes_the_others()
    {
        var queue = Fifo((R.VisibilityTimeout, "30"));
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        var expired = Assert.Single(queue.Receive(At(1), max: 1, visibilityTimeout: 5));
        var live = Assert.Single(queue.Receive(At(2)));

        var result = Expect.Reply<EntriesResult>(queue.Run(new DeleteMessages(queue.QueueId,
            [new ReceiptEntry("old", expired.ReceiptHandle), new ReceiptEntry("live", live.ReceiptHandle)], IsBatch: true), At(10)));

        Assert.Equal(["live"], result.Successful);
        Expect.EntryFailure(ErrorCode.InvalidParameterValue, "old", result.Failed);
        Assert.Equal(["a1"], Bodies(queue.Receive(At(11))));
    }

    // ---- ReceiveRequestAttemptId ----

    static object ReceiveAttempt(TestQueue queue, string attemptId, long at, int max = 10) =>
        queue.Run(new ReceiveMessages(queue.QueueId, max, null, null, attemptId), at);

    static IReadOnlyList<ReceivedMessage> Attempt(TestQueue queue, string attemptId, long at, int max = 10) =>
        Expect.Reply<ReceiveResult>(ReceiveAttempt(queue, attemptId, at, max)).Messages;

    [Fact]
    public void A_retry_with_the_same_ReceiveRequestAttemptId_returns_the_same_messages_and_receipt_handles()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        var first = Attempt(queue, "try-1", At(1), max: 1);

        var decision = queue.Decide(new ReceiveMessages(queue.QueueId, 10, null, null, "try-1"), At(2));

        var again = Expect.Reply<ReceiveResult>(decision.Reply).Messages;
        Assert.Equal(first.Select(m => m.ReceiptHandle), again.Select(m => m.ReceiptHandle));
        Assert.Equal(["a1"], Bodies(again));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_different_ReceiveRequestAttemptId_is_a_new_receive()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        Attempt(queue, "try-1", At(1), max: 1);

        Assert.Equal(["b1"], Bodies(Attempt(queue, "try-2", At(2))));
    }

    [Fact]
    public void A_retry_after_a_message_of_the_attempt_was_deleted_is_a_new_receive()
    {
        var queue = Fifo();
        Send(queue, "m1", At(0));
        Send(queue, "m2", At(0));
        var first = Attempt(queue, "try-1", At(1), max: 1);
        queue.Delete(first[0].ReceiptHandle, At(2));

        Assert.Equal(["m2"], Bodies(Attempt(queue, "try-1", At(3))));
    }

    [Fact]
    public void A_retry_after_a_visibility_change_on_a_message_of_the_attempt_is_a_new_receive()
    {
        var queue = Fifo();
        Send(queue, "a1", At(0), group: "a");
        Send(queue, "b1", At(0), group: "b");
        var first = Attempt(queue, "try-1", At(1), max: 1);
        Expect.Reply<EntriesResult>(queue.ChangeVisibility(first[0].ReceiptHandle, 100, At(2)));

        Assert.Equal(["b1"], Bodies(Attempt(queue, "try-1", At(3))));
    }

    [Fact]
    public void A_retry_after_the_visibility_timeout_expired_is_a_new_receive_with_new_handles()
    {
        var queue = Fifo((R.VisibilityTimeout, "30"));
        Send(queue, "m1", At(0));
        var first = Attempt(queue, "try-1", At(1));

        var again = Attempt(queue, "try-1", At(31));

        Assert.Equal(2, Assert.Single(again).ReceiveCount);
        Assert.NotEqual(first[0].ReceiptHandle, again[0].ReceiptHandle);
    }

    [Fact]
    public void A_ReceiveRequestAttemptId_is_forgotten_after_5_minutes()
    {
        var queue = Fifo((R.VisibilityTimeout, "43200"));
        Send(queue, "m1", At(0));
        Attempt(queue, "try-1", At(1));

        Assert.Empty(Attempt(queue, "try-1", At(301)));
        var tick = queue.Decide(new ExpireMessages(queue.QueueId), At(301));
        Assert.Equal(new FifoIdsExpired(At(301)), Assert.Single(tick.Events));
    }

    [Fact]
    public void A_ReceiveRequestAttemptId_outside_alphanumerics_and_punctuation_is_InvalidParameterValue() =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, ReceiveAttempt(Fifo(), "has space", At(0)));

    [Fact]
    public void Receive_attempts_survive_a_snapshot_and_restore()
    {
        var queue = Fifo();
        Send(queue, "m1", At(0));
        var first = Attempt(queue, "try-1", At(1));

        var restored = QueueState.FromSnapshot(queue.State.ToSnapshot());
        var again = QueueDecider.Decide(restored, new ReceiveMessages(queue.QueueId, 10, null, null, "try-1"), At(2));

        Assert.Equal(first[0].ReceiptHandle, Assert.Single(Expect.Reply<ReceiveResult>(again.Reply).Messages).ReceiptHandle);
    }

    [Fact]
    public void A_standard_queue_ignores_ReceiveRequestAttemptId()
    {
        var queue = Created();
        queue.Send("m1", At(0));
        queue.Send("m2", At(0));
        var first = Expect.Reply<ReceiveResult>(queue.Run(new ReceiveMessages(queue.QueueId, 1, null, null, "try-1"), At(1))).Messages;
        var second = Expect.Reply<ReceiveResult>(queue.Run(new ReceiveMessages(queue.QueueId, 1, null, null, "try-1"), At(2))).Messages;

        Assert.NotEqual(first[0].Message.Body, second[0].Message.Body);
    }

    // ---- Deduplication ids in the state ----

    [Fact]
    public void The_expiry_tick_forgets_deduplication_ids_once_5_minutes_old()
    {
        var queue = Fifo();
        Send(queue, "m", At(0), dedup: "d1");

        Assert.DoesNotContain(queue.Decide(new ExpireMessages(queue.QueueId), At(299.999)).Events, e => e is FifoIdsExpired);
        var tick = queue.Decide(new ExpireMessages(queue.QueueId), At(300));
        Assert.Equal(new FifoIdsExpired(At(300)), Assert.Single(tick.Events));
        queue.State.Apply(tick.Events[0]);

        Assert.False(queue.State.HasExpiredFifoIds(At(1000)));
        Assert.Empty(queue.State.ToSnapshot().Deduplication!);
    }

    [Fact]
    public void Deduplication_ids_survive_a_snapshot_and_restore()
    {
        var queue = Fifo((F.DeduplicationScope, "messageGroup"));
        var first = Send(queue, "m", At(0), group: "g1", dedup: "d1");
        queue.Delete(Assert.Single(queue.Receive(At(1))).ReceiptHandle, At(2));

        var restored = QueueState.FromSnapshot(queue.State.ToSnapshot());
        var decision = QueueDecider.Decide(restored, new SendMessages(queue.QueueId, [Entry("again", group: "g1", dedup: "d1")], false, "sender"), At(3));

        Assert.Equal(first.MessageId, Assert.Single(Expect.Reply<SendResult>(decision.Reply).Successful).MessageId);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Recreating_a_deleted_fifo_queue_forgets_its_deduplication_ids()
    {
        var queue = Fifo();
        var first = Send(queue, "m", At(0), dedup: "d1");
        queue.Run(new DeleteQueue(queue.QueueId), At(1));
        queue.Run(queue.Create((R.FifoQueue, "true")), At(100));

        Assert.NotEqual(first.MessageId, Send(queue, "m", At(101), dedup: "d1").MessageId);
    }
}
