using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Shoal.Tests.Support;

/// <summary>
/// A SubscribeToShard client by hand, over HTTP/1.1 chunked as botocore does it: reads the AWS event stream
/// (prelude with its CRC, string headers, payload, message CRC) one message at a time, checking both CRCs.
/// </summary>
public sealed class ShardSubscriber : IAsyncDisposable
{
    static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };
    readonly HttpResponseMessage _response;
    readonly Stream _body;

    ShardSubscriber(HttpResponseMessage response, Stream body) => (_response, _body) = (response, body);

    /// <summary>One event-stream message: its :message-type, :event-type (or :exception-type) and JSON payload.</summary>
    public sealed record Message(string MessageType, string Type, JsonElement Payload);

    public static async Task<ShardSubscriber> Subscribe(string endpoint, string consumerArn, string shardId, object startingPosition)
    {
        var body = JsonSerializer.Serialize(new { ConsumerARN = consumerArn, ShardId = shardId, StartingPosition = startingPosition });
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202.SubscribeToShard");
        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"SubscribeToShard: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new ShardSubscriber(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next message, or null when the server ended the reply.</summary>
    public async Task<Message?> Next(CancellationToken cancel)
    {
        var prelude = new byte[12];
        if (!await Fill(prelude, cancel)) return null;
        var total = BinaryPrimitives.ReadInt32BigEndian(prelude);
        var headersLength = BinaryPrimitives.ReadInt32BigEndian(prelude.AsSpan(4));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(prelude.AsSpan(8)), Crc32.HashToUInt32(prelude.AsSpan(0, 8)));
        var rest = new byte[total - 12];
        Assert.True(await Fill(rest, cancel), "the event stream ended inside a message");
        var crc = new Crc32();
        crc.Append(prelude);
        crc.Append(rest.AsSpan(0, rest.Length - 4));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(rest.Length - 4)), crc.GetCurrentHashAsUInt32());

        var headers = new Dictionary<string, string>();
        for (var at = 0; at < headersLength;)
        {
            var name = Encoding.UTF8.GetString(rest, at + 1, rest[at]);
            at += 1 + rest[at];
            Assert.Equal(7, rest[at]); // every header Kinesis sends is a string
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest.AsSpan(at + 1));
            headers[name] = Encoding.UTF8.GetString(rest, at + 3, length);
            at += 3 + length;
        }
        var payload = rest.AsMemory(headersLength, rest.Length - headersLength - 4);
        var type = headers.GetValueOrDefault(":event-type") ?? headers.GetValueOrDefault(":exception-type") ?? "";
        return new Message(headers[":message-type"], type, JsonDocument.Parse(payload).RootElement.Clone());
    }

    async Task<bool> Fill(byte[] buffer, CancellationToken cancel)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _body.ReadAsync(buffer.AsMemory(read), cancel);
            if (n == 0) return read == 0 ? false : throw new EndOfStreamException("the event stream ended inside a message");
            read += n;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
    }
}
