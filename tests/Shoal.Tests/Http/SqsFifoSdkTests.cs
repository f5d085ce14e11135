using System.Numerics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>FIFO queues through the real AWSSDK.SQS client against a node in this process.</summary>
[Trait("Tier", "Http")]
public sealed class SqsFifoSdkTests(InProcessShoal shoal) : IClassFixture<InProcessShoal>
{
    readonly AmazonSQSClient _sqs = shoal.SqsClient();

    async Task<string> NewFifoQueue(string behaviour, Dictionary<string, string>? attributes = null)
    {
        var all = new Dictionary<string, string>(attributes ?? []) { ["FifoQueue"] = "true" };
        var name = Unique.Name(behaviour)[..Math.Min(75, behaviour.Length + 33)] + ".fifo";
        return (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = all })).QueueUrl;
    }

    Task<SendMessageResponse> Send(string url, string body, string group, string? dedup = null) =>
        _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = dedup ?? Guid.NewGuid().ToString("N"),
        });

    Task<ReceiveMessageResponse> Receive(string url, int max = 10) =>
        _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = max, MessageSystemAttributeNames = ["All"] });

    [Fact]
    public async Task Fifo_queue_is_created_with_its_attributes_and_the_fifo_suffix_is_enforced()
    {
        var url = await NewFifoQueue("create", new() { ["ContentBasedDeduplication"] = "true" });

        var attributes = (await _sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;
        Assert.Equal("true", attributes["FifoQueue"]);
        Assert.Equal("true", attributes["ContentBasedDeduplication"]);
        Assert.Equal("queue", attributes["DeduplicationScope"]);
        Assert.Equal("perQueue", attributes["FifoThroughputLimit"]);
        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CreateQueueAsync(Unique.Name("nosuffix")[..40] + ".fifo"));
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task A_group_is_received_in_order_and_blocked_while_in_flight_as_other_groups_flow()
    {
        var url = await NewFifoQueue("order");
        foreach (var (body, group) in new[] { ("a1", "a"), ("b1", "b"), ("a2", "a"), ("a3", "a"), ("b2", "b") })
            await Send(url, body, group);

        // As many of a group as the receive takes, then the other groups: a is held back while b flows.
        var first = await Receive(url, max: 2);
        Assert.Equal(["a1", "a2"], first.Messages.Select(m => m.Body));
        Assert.Equal(["b1", "b2"], (await Receive(url)).Messages.Select(m => m.Body));
        Assert.Empty((await Receive(url)).Messages ?? []); // SDK v4 leaves an empty list null

        await _sqs.DeleteMessageAsync(url, first.Messages[0].ReceiptHandle);
        Assert.Empty((await Receive(url)).Messages ?? []);
        await _sqs.DeleteMessageAsync(url, first.Messages[1].ReceiptHandle);
        var next = await Receive(url);
        Assert.Equal(["a3"], next.Messages.Select(m => m.Body));
        Assert.All(next.Messages, m => Assert.Equal("a", m.Attributes["MessageGroupId"]));
    }

    [Fact]
    public async Task A_duplicate_send_returns_the_original_MessageId_and_is_delivered_once()
    {
        var url = await NewFifoQueue("dedup");
        var original = await Send(url, "once", "g", dedup: "order-42");

        var duplicate = await Send(url, "twice", "g", dedup: "order-42");

        Assert.Equal(original.MessageId, duplicate.MessageId);
        Assert.Equal(original.SequenceNumber, duplicate.SequenceNumber);
        var message = Assert.Single((await Receive(url)).Messages);
        Assert.Equal("once", message.Body);
        Assert.Equal("order-42", message.Attributes["MessageDeduplicationId"]);
    }

    [Fact]
    public async Task SequenceNumbers_increase_and_are_returned_on_send_and_receive()
    {
        var url = await NewFifoQueue("sequence");
        var sent = new List<string>();
        for (var i = 0; i < 3; i++) sent.Add((await Send(url, $"m{i}", $"g{i}")).SequenceNumber);
        var batch = await _sqs.SendMessageBatchAsync(url,
        [
            new SendMessageBatchRequestEntry("x", "m3") { MessageGroupId = "g0", MessageDeduplicationId = "x" },
            new SendMessageBatchRequestEntry("y", "m4") { MessageGroupId = "g1", MessageDeduplicationId = "y" },
        ]);
        sent.AddRange(batch.Successful.OrderBy(e => e.Id).Select(e => e.SequenceNumber));

        var numbers = sent.Select(BigInteger.Parse).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(5, numbers.Distinct().Count());
        // One receive returns each group's messages together: g0 (m0, m3), g1 (m1, m4), g2 (m2).
        var received = (await Receive(url)).Messages;
        Assert.Equal(["m0", "m3", "m1", "m4", "m2"], received.Select(m => m.Body));
        Assert.Equal(sent, received.OrderBy(m => m.Body, StringComparer.Ordinal).Select(m => m.Attributes["SequenceNumber"]));
    }

    [Fact]
    public async Task A_receive_retried_with_the_same_ReceiveRequestAttemptId_returns_the_same_receipt_handles()
    {
        var url = await NewFifoQueue("attempt");
        await Send(url, "a1", "a");
        await Send(url, "b1", "b");
        var request = new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 1, ReceiveRequestAttemptId = "attempt-1" };

        var first = Assert.Single((await _sqs.ReceiveMessageAsync(request)).Messages);
        var retried = Assert.Single((await _sqs.ReceiveMessageAsync(request)).Messages);

        Assert.Equal(first.ReceiptHandle, retried.ReceiptHandle);
        request.ReceiveRequestAttemptId = "attempt-2";
        Assert.NotEqual(first.Body, Assert.Single((await _sqs.ReceiveMessageAsync(request)).Messages).Body);
    }

    [Fact]
    public async Task A_long_poll_on_a_held_back_group_returns_when_the_message_in_flight_is_deleted()
    {
        var url = await NewFifoQueue("longpoll");
        await Send(url, "a1", "a");
        await Send(url, "a2", "a");
        var first = Assert.Single((await Receive(url, max: 1)).Messages);

        var poll = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 10 });
        await Task.Delay(300);
        Assert.False(poll.IsCompleted, "a2 must wait while a1 is in flight");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _sqs.DeleteMessageAsync(url, first.ReceiptHandle);

        Assert.Equal("a2", Assert.Single((await poll).Messages).Body);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the poll took {clock.Elapsed} after the delete");
    }

    [Fact]
    public async Task A_long_poll_on_a_held_back_group_returns_when_the_visibility_timeout_expires()
    {
        var url = await NewFifoQueue("longpoll-timeout");
        await Send(url, "a1", "a");
        await Send(url, "a2", "a");
        await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 1, VisibilityTimeout = 1 });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 10 });

        Assert.Equal(["a1", "a2"], again.Messages.Select(m => m.Body));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the poll took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_send_without_MessageGroupId_raises_MissingParameter()
    {
        var url = await NewFifoQueue("nogroup");

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m", MessageDeduplicationId = "d" }));

        Assert.Equal("MissingParameter", error.ErrorCode);
    }
}
