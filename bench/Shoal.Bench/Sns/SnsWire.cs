using System.Text;
using Shoal.Bench.Http;
using Shoal.Bench.Load;

namespace Shoal.Bench.Sns;

/// <summary>
/// Frames SNS requests in the AWS Query protocol as real SDKs send them: <c>POST /</c> with a form body
/// (<c>Action=…&amp;Version=2010-03-31&amp;…</c>) and a SigV4 Authorization header for the sns service
/// (<see cref="FakeSigV4"/>); the headers are encoded once.
/// </summary>
public sealed class SnsWire(Uri endpoint)
{
    private readonly byte[] _headPrefix = Encoding.ASCII.GetBytes(
        "POST / HTTP/1.1\r\n" +
        $"Host: {endpoint.Authority}\r\n" +
        "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n" +
        FakeSigV4.Headers("sns", "content-type;host;x-amz-date") +
        "Content-Length: ");

    /// <summary>Puts the headers and then <paramref name="body"/> into <paramref name="request"/>.</summary>
    public ReadOnlyMemory<byte> Frame(ByteBuilder body, ByteBuilder request) =>
        request.Clear().Append(_headPrefix).Append(body.Length).Append("\r\n\r\n"u8).Append(body.Span).Memory;

    /// <summary>Appends <paramref name="value"/> form-encoded: unreserved bytes as they are, every other byte as %XX.</summary>
    public static void AppendFormValue(ByteBuilder body, ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                body.Reserve(1)[0] = b;
                continue;
            }
            var escape = body.Reserve(3);
            escape[0] = (byte)'%';
            escape[1] = (byte)"0123456789ABCDEF"[b >> 4];
            escape[2] = (byte)"0123456789ABCDEF"[b & 0xF];
        }
    }

    /// <summary>A string form-encoded, to be appended as is.</summary>
    public static byte[] FormValue(string value)
    {
        var body = new ByteBuilder(value.Length * 3);
        AppendFormValue(body, Encoding.UTF8.GetBytes(value));
        return body.Span.ToArray();
    }
}

/// <summary>Request bodies for one topic; a worker owns one instance (it reuses its buffers).</summary>
public sealed class SnsRequests(SnsWire wire, byte[] topicArnForm, int bodySize)
{
    private const string Version = "&Version=2010-03-31";
    private static readonly byte[][] EntryPrefixes =
        [.. Enumerable.Range(1, 10).Select(n => Encoding.ASCII.GetBytes($"&PublishBatchRequestEntries.member.{n}."))];
    private readonly ByteBuilder _body = new(), _request = new();
    private readonly byte[] _message = new byte[bodySize];

    public static ReadOnlyMemory<byte> CreateTopic(SnsWire wire, string name) =>
        Setup(wire, $"Action=CreateTopic{Version}&Name={Form(name)}");

    /// <summary>
    /// An SQS subscription with RawMessageDelivery, so the queue receives the published message as it is (the body
    /// with its id and send time) rather than wrapped in a JSON notification.
    /// </summary>
    public static ReadOnlyMemory<byte> Subscribe(SnsWire wire, string topicArn, string queueArn) =>
        Setup(wire, $"Action=Subscribe{Version}&TopicArn={Form(topicArn)}&Protocol=sqs&Endpoint={Form(queueArn)}" +
                    "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true");

    public static ReadOnlyMemory<byte> Unsubscribe(SnsWire wire, string subscriptionArn) =>
        Setup(wire, $"Action=Unsubscribe{Version}&SubscriptionArn={Form(subscriptionArn)}");

    public static ReadOnlyMemory<byte> DeleteTopic(SnsWire wire, string topicArn) =>
        Setup(wire, $"Action=DeleteTopic{Version}&TopicArn={Form(topicArn)}");

    public ReadOnlyMemory<byte> Publish(MessageCodec codec, long id)
    {
        Start("Action=Publish"u8).Append("&Message="u8);
        AppendMessage(codec, id);
        return wire.Frame(_body, _request);
    }

    /// <summary>PublishBatch of <paramref name="count"/> messages; entry Ids are 0…9, in order.</summary>
    public ReadOnlyMemory<byte> PublishBatch(MessageCodec codec, long firstId, int count)
    {
        Start("Action=PublishBatch"u8);
        for (var i = 0; i < count; i++)
        {
            _body.Append(EntryPrefixes[i]).Append("Id="u8).Append(i).Append(EntryPrefixes[i]).Append("Message="u8);
            AppendMessage(codec, firstId + i);
        }
        return wire.Frame(_body, _request);
    }

    private ByteBuilder Start(ReadOnlySpan<byte> action) =>
        _body.Clear().Append(action).Append("&Version=2010-03-31&TopicArn="u8).Append(topicArnForm);

    private void AppendMessage(MessageCodec codec, long id)
    {
        codec.Encode(id, _message);
        SnsWire.AppendFormValue(_body, _message);
    }

    private static string Form(string value) => Encoding.ASCII.GetString(SnsWire.FormValue(value));

    private static ReadOnlyMemory<byte> Setup(SnsWire wire, string form) =>
        wire.Frame(new ByteBuilder().Append(Encoding.ASCII.GetBytes(form)), new ByteBuilder()).ToArray();
}
