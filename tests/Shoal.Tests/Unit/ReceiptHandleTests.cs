using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class ReceiptHandleTests
{
    [Theory]
    [InlineData(0u, 1L, 1)]
    [InlineData(uint.MaxValue, long.MaxValue, int.MaxValue)]
    [InlineData(12345u, 987_654_321L, 7)]
    public void Receipt_handle_decodes_to_what_was_encoded(uint tag, long sequence, int receiveCount)
    {
        var handle = new ReceiptHandle(tag, sequence, receiveCount, Guid.NewGuid());

        Assert.True(ReceiptHandle.TryDecode(handle.Encode(), out var decoded));
        Assert.Equal(handle, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("AQEB")]
    [InlineData("AQEB!!!!")]
    [InlineData("AQEBAAAA")]
    [InlineData("aqebAQAAAAAAAAAAAAAAAQAAAAEAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_receipt_handle_does_not_decode(string text) =>
        Assert.False(ReceiptHandle.TryDecode(text, out _));

    [Fact]
    public void Null_receipt_handle_does_not_decode() => Assert.False(ReceiptHandle.TryDecode(null, out _));

    [Fact]
    public void Receipt_handle_with_a_byte_cut_off_or_added_does_not_decode()
    {
        var bytes = HandleBytes();

        Assert.False(ReceiptHandle.TryDecode("AQEB" + Convert.ToBase64String(bytes[..^1]), out _));
        Assert.False(ReceiptHandle.TryDecode("AQEB" + Convert.ToBase64String([.. bytes, 0]), out _));
    }

    [Fact]
    public void Receipt_handle_of_an_unknown_version_does_not_decode()
    {
        var bytes = HandleBytes();
        bytes[0] = 2;

        Assert.False(ReceiptHandle.TryDecode("AQEB" + Convert.ToBase64String(bytes), out _));
    }

    static byte[] HandleBytes() => Convert.FromBase64String(new ReceiptHandle(1, 2, 3, Guid.NewGuid()).Encode()["AQEB".Length..]);

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    public void DeleteMessage_with_a_malformed_handle_is_ReceiptHandleIsInvalid(string handle) =>
        Expect.Rejection(ErrorCode.ReceiptHandleIsInvalid, Created().Delete(handle, At(0)));

    [Fact]
    public void ChangeMessageVisibility_with_a_malformed_handle_is_ReceiptHandleIsInvalid() =>
        Expect.Rejection(ErrorCode.ReceiptHandleIsInvalid, Created().ChangeVisibility("garbage", 10, At(0)));

    [Fact]
    public void Handle_from_another_queue_is_ReceiptHandleIsInvalid()
    {
        var orders = CreatedNamed("orders");
        var invoices = CreatedNamed("invoices");
        orders.Send("hello", At(0));
        var handle = Assert.Single(orders.Receive(At(0))).ReceiptHandle;

        Expect.Rejection(ErrorCode.ReceiptHandleIsInvalid, invoices.Delete(handle, At(1)));
        Expect.Rejection(ErrorCode.ReceiptHandleIsInvalid, invoices.ChangeVisibility(handle, 0, At(1)));
        Assert.Equal(1, orders.State.MessageCount);
    }

    [Fact]
    public void Delete_with_the_current_handle_deletes_the_message()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Assert.Equal(["e1"], Expect.Reply<EntriesResult>(queue.Delete(received.ReceiptHandle, At(1))).Successful);

        Assert.Equal(0, queue.State.MessageCount);
        Assert.Empty(queue.Receive(At(60)));
    }

    [Fact]
    public void Delete_with_the_current_handle_works_after_the_visibility_timeout_if_no_one_received_it_since()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var received = Assert.Single(queue.Receive(At(0)));

        Expect.Reply<EntriesResult>(queue.Delete(received.ReceiptHandle, At(45)));

        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void Delete_with_a_stale_handle_succeeds_but_leaves_the_message()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var stale = Assert.Single(queue.Receive(At(0))).ReceiptHandle;
        var current = Assert.Single(queue.Receive(At(30))).ReceiptHandle;

        var decision = queue.Decide(new DeleteMessages(queue.QueueId, [new ReceiptEntry("e1", stale)], IsBatch: false), At(31));

        Assert.Equal(["e1"], Expect.Reply<EntriesResult>(decision.Reply).Successful);
        Assert.Empty(decision.Events);
        Expect.Reply<EntriesResult>(queue.Delete(current, At(31)));
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void Deleting_a_message_twice_succeeds_both_times()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var handle = Assert.Single(queue.Receive(At(0))).ReceiptHandle;

        Expect.Reply<EntriesResult>(queue.Delete(handle, At(1)));
        var again = queue.Decide(new DeleteMessages(queue.QueueId, [new ReceiptEntry("e1", handle)], IsBatch: false), At(2));

        Assert.Equal(["e1"], Expect.Reply<EntriesResult>(again.Reply).Successful);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void DeleteMessageBatch_deletes_the_valid_entries_and_reports_the_malformed_ones()
    {
        var queue = Created();
        queue.Send("hello", At(0));
        var handle = Assert.Single(queue.Receive(At(0))).ReceiptHandle;
        var entries = new List<ReceiptEntry> { new("good", handle), new("bad", "garbage") };

        var result = Expect.Reply<EntriesResult>(queue.Run(new DeleteMessages(queue.QueueId, entries, IsBatch: true), At(1)));

        Assert.Equal(["good"], result.Successful);
        Expect.EntryFailure(ErrorCode.ReceiptHandleIsInvalid, "bad", result.Failed);
        Assert.Equal(0, queue.State.MessageCount);
    }
}
