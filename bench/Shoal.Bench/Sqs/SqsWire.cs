using System.Text;
using System.Text.Json;
using Shoal.Bench.Http;
using Shoal.Bench.Load;

namespace Shoal.Bench.Sqs;

/// <summary>
/// Builds SQS AWS JSON 1.0 requests as real SDKs send them (aws-wire.md §1–2): <c>POST /</c>, X-Amz-Target,
/// x-amzn-query-mode and a SigV4 Authorization header (<see cref="FakeSigV4"/>); the headers of each
/// operation are encoded once.
/// </summary>
public sealed class SqsWire
{
    private readonly Dictionary<string, byte[]> _headPrefixes = [];

    public SqsWire(Uri endpoint)
    {
        var signing = FakeSigV4.Headers("sqs", "content-type;host;x-amz-date;x-amz-target;x-amzn-query-mode");
        foreach (var op in (string[])["CreateQueue", "DeleteQueue", "GetQueueAttributes", "SendMessage", "SendMessageBatch",
                     "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch"])
        {
            _headPrefixes[op] = Encoding.ASCII.GetBytes(
                "POST / HTTP/1.1\r\n" +
                $"Host: {endpoint.Authority}\r\n" +
                "Content-Type: application/x-amz-json-1.0\r\n" +
                $"X-Amz-Target: AmazonSQS.{op}\r\n" +
                "x-amzn-query-mode: true\r\n" +
                signing +
                "Content-Length: ");
        }
    }

    /// <summary>Puts the headers of <paramref name="op"/> and then <paramref name="body"/> into <paramref name="request"/>.</summary>
    public ReadOnlyMemory<byte> Frame(string op, ByteBuilder body, ByteBuilder request) =>
        request.Clear().Append(_headPrefixes[op]).Append(body.Length).Append("\r\n\r\n"u8).Append(body.Span).Memory;

    /// <summary>Encodes a string as the inside of a JSON string literal.</summary>
    public static byte[] JsonStringContent(string value) => JsonEncodedText.Encode(value).EncodedUtf8Bytes.ToArray();
}

/// <summary>Request bodies for one queue; a worker owns one instance (it reuses its buffers).</summary>
public sealed class SqsRequests(SqsWire wire, byte[] queueUrlJson)
{
    private static readonly byte[] BatchIds = "0123456789"u8.ToArray();
    private readonly ByteBuilder _body = new(), _request = new();

    /// <summary>A FIFO queue (<paramref name="fifo"/>) gets FifoQueue=true and no content-based deduplication: every send carries its own id.</summary>
    public static ReadOnlyMemory<byte> CreateQueue(SqsWire wire, string name, int visibilityTimeoutSeconds, bool fifo)
    {
        var body = new ByteBuilder()
            .Append("{\"QueueName\":\""u8).Append(SqsWire.JsonStringContent(name))
            .Append("\",\"Attributes\":{\"VisibilityTimeout\":\""u8).Append(visibilityTimeoutSeconds)
            .Append(fifo ? "\",\"FifoQueue\":\"true\",\"ContentBasedDeduplication\":\"false\"}}"u8 : "\"}}"u8);
        return wire.Frame("CreateQueue", body, new ByteBuilder()).ToArray();
    }

    public ReadOnlyMemory<byte> DeleteQueue() => Frame("DeleteQueue", QueueUrl().Append("}"u8));

    /// <summary>The queue's ARN, which an SNS subscription names as its endpoint.</summary>
    public ReadOnlyMemory<byte> GetQueueArn() =>
        Frame("GetQueueAttributes", QueueUrl().Append(",\"AttributeNames\":[\"QueueArn\"]}"u8));

    /// <summary>With <paramref name="fifo"/>, the message goes to the next of <paramref name="groups"/> (FIFO queues).</summary>
    public ReadOnlyMemory<byte> SendMessage(MessageCodec codec, long id, FifoStreams? fifo = null, GroupCursor? groups = null)
    {
        QueueUrl().Append(",\"MessageBody\":\""u8);
        AppendMessage(codec, id, fifo, groups);
        return Frame("SendMessage", _body.Append("}"u8));
    }

    /// <summary>With <paramref name="fifo"/>, each entry goes to the next of <paramref name="groups"/> (FIFO queues).</summary>
    public ReadOnlyMemory<byte> SendMessageBatch(MessageCodec codec, long firstId, int count, FifoStreams? fifo = null, GroupCursor? groups = null)
    {
        QueueUrl().Append(",\"Entries\":["u8);
        for (var i = 0; i < count; i++)
        {
            _body.Append(i == 0 ? "{\"Id\":\""u8 : ",{\"Id\":\""u8).Append(BatchIds.AsSpan(i, 1))
                .Append("\",\"MessageBody\":\""u8);
            AppendMessage(codec, firstId + i, fifo, groups);
            _body.Append("}"u8);
        }
        return Frame("SendMessageBatch", _body.Append("]}"u8));
    }

    /// <summary>
    /// The body (the opening quote already written), its closing quote, and for FIFO queues its MessageGroupId and
    /// a unique MessageDeduplicationId: the body's run tag and id.
    /// </summary>
    private void AppendMessage(MessageCodec codec, long id, FifoStreams? fifo, GroupCursor? groups)
    {
        if (fifo is null || groups is null)
        {
            codec.Encode(id, _body.Reserve(codec.BodySize));
            _body.Append("\""u8);
            return;
        }
        var (group, stream) = groups.Next();
        var body = _body.Length;
        codec.Encode(id, _body.Reserve(codec.BodySize), stream);
        _body.Append("\",\"MessageGroupId\":\""u8).Append(fifo.GroupId(group))
            .Append("\",\"MessageDeduplicationId\":\""u8);
        var deduplicationId = _body.Reserve(MessageCodec.DeduplicationIdLength);
        _body.Span.Slice(body, MessageCodec.DeduplicationIdLength).CopyTo(deduplicationId);
        _body.Append("\""u8);
    }

    public ReadOnlyMemory<byte> ReceiveMessage(int maxMessages, int waitTimeSeconds) =>
        Frame("ReceiveMessage", QueueUrl()
            .Append(",\"MaxNumberOfMessages\":"u8).Append(maxMessages)
            .Append(",\"WaitTimeSeconds\":"u8).Append(waitTimeSeconds).Append("}"u8));

    public ReadOnlyMemory<byte> DeleteMessage(ReadOnlySpan<byte> receiptHandleJson) =>
        Frame("DeleteMessage", QueueUrl().Append(",\"ReceiptHandle\":\""u8).Append(receiptHandleJson).Append("\"}"u8));

    /// <summary>Deletes the messages of <paramref name="batch"/> whose index is in <paramref name="indexes"/>; entry Id = index.</summary>
    public ReadOnlyMemory<byte> DeleteMessageBatch(ReceivedBatch batch, IReadOnlyList<int> indexes)
    {
        QueueUrl().Append(",\"Entries\":["u8);
        for (var i = 0; i < indexes.Count; i++)
            _body.Append(i == 0 ? "{\"Id\":\""u8 : ",{\"Id\":\""u8).Append(BatchIds.AsSpan(indexes[i], 1))
                .Append("\",\"ReceiptHandle\":\""u8).Append(batch.ReceiptHandle(indexes[i])).Append("\"}"u8);
        return Frame("DeleteMessageBatch", _body.Append("]}"u8));
    }

    private ByteBuilder QueueUrl() => _body.Clear().Append("{\"QueueUrl\":\""u8).Append(queueUrlJson).Append("\""u8);

    private ReadOnlyMemory<byte> Frame(string op, ByteBuilder body) => wire.Frame(op, body, _request);
}
