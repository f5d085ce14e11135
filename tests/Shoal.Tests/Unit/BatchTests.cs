using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.Msg;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class BatchTests
{
    static SendEntry[] Entries(int count) => Enumerable.Range(1, count).Select(i => Entry($"body {i}", id: $"e{i}")).ToArray();

    [Fact]
    public void Empty_batch_is_EmptyBatchRequest_for_every_batch_action()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.EmptyBatchRequest, queue.SendBatch(At(0)));
        Expect.Rejection(ErrorCode.EmptyBatchRequest, queue.Run(new DeleteMessages(queue.QueueId, [], IsBatch: true), At(0)));
        Expect.Rejection(ErrorCode.EmptyBatchRequest, queue.Run(new ChangeVisibility(queue.QueueId, [], IsBatch: true), At(0)));
    }

    [Fact]
    public void Ten_entries_are_accepted_eleven_are_TooManyEntriesInBatchRequest()
    {
        var queue = Created();

        Assert.Equal(10, Expect.Reply<SendResult>(queue.SendBatch(At(0), Entries(10))).Successful.Count);
        Expect.Rejection(ErrorCode.TooManyEntriesInBatchRequest, queue.SendBatch(At(0), Entries(11)));
        Assert.Equal(10, queue.State.MessageCount);
    }

    [Fact]
    public void Repeated_entry_id_is_BatchEntryIdsNotDistinct()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.BatchEntryIdsNotDistinct, queue.SendBatch(At(0), Entry("a", id: "same"), Entry("b", id: "same")));
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dot.id")]
    [InlineData("é")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_abcdefghijklmnopq")]
    public void Entry_id_with_other_characters_or_over_80_long_is_InvalidBatchEntryId(string id) =>
        Expect.Rejection(ErrorCode.InvalidBatchEntryId, BatchRules.Validate([id], "SendMessageBatchRequestEntry"));

    [Theory]
    [InlineData("a")]
    [InlineData("Entry-1_b")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_abcdefghijklmnop")]
    public void Entry_id_of_up_to_80_letters_digits_hyphens_and_underscores_is_accepted(string id) =>
        Assert.Null(BatchRules.Validate([id], "SendMessageBatchRequestEntry"));

    [Fact]
    public void Batch_whose_messages_total_1_MiB_is_accepted_one_byte_more_is_BatchRequestTooLong()
    {
        var queue = Created();
        var half = new string('a', 524_288);

        Expect.Reply<SendResult>(queue.SendBatch(At(0), Entry(half, id: "a"), Entry(half, id: "b")));
        Expect.Rejection(ErrorCode.BatchRequestTooLong, queue.SendBatch(At(0), Entry(half, id: "a"), Entry(half + "x", id: "b")));
        Assert.Equal(2, queue.State.MessageCount);
    }

    [Fact]
    public void Mixed_SendMessageBatch_sends_the_valid_entries_and_reports_each_invalid_one()
    {
        var queue = Created();

        var result = Expect.Reply<SendResult>(queue.SendBatch(At(0),
            Entry("first", id: "ok1"),
            Entry("late", delaySeconds: 901, id: "bad-delay"),
            Entry("second", id: "ok2"),
            Entry("nul\u0000", id: "bad-body"),
            Entry("third", attributes: Attributes(("AWS.x", Text("v"))), id: "bad-attribute")));

        Assert.Equal(["ok1", "ok2"], result.Successful.Select(e => e.Id));
        Expect.EntryFailure(ErrorCode.InvalidParameterValue, "bad-delay", result.Failed);
        Expect.EntryFailure(ErrorCode.InvalidMessageContents, "bad-body", result.Failed);
        Expect.EntryFailure(ErrorCode.InvalidParameterValue, "bad-attribute", result.Failed);
        Assert.Equal(["first", "second"], queue.Receive(At(0)).Select(m => m.Message.Body));
    }

    [Fact]
    public void Batch_entry_results_echo_each_entry_id_with_its_message_id_and_body_MD5()
    {
        var queue = Created();
        var entries = Entries(3);

        var result = Expect.Reply<SendResult>(queue.SendBatch(At(0), entries));

        Assert.Equal(entries.Select(e => (e.Id, e.MessageId, MessageDigest.OfBody(e.Body!))),
            result.Successful.Select(s => (s.Id, s.MessageId, s.Md5OfBody)));
    }
}
