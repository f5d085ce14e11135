using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Shoal.Api.Protocols;

/// <summary>
/// The AWS event-stream framing of a streamed reply (SubscribeToShard, aws-wire.md §7): each message is its total
/// length and headers length (uint32 big-endian), the CRC-32 of those 8 bytes, the headers, the payload, and the CRC-32
/// of everything before it. Every header here is a string: name length, name, type 7, value length (uint16), value.
/// </summary>
public static class EventStream
{
    public const string ContentType = "application/vnd.amazon.eventstream";
    const byte StringHeader = 7;
    const int PreludeLength = 12;

    /// <summary>An event (":message-type" event) of the given type with a JSON payload.</summary>
    public static byte[] Event(string eventType, ReadOnlySpan<byte> json) =>
        Message([(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")], json);

    /// <summary>An error after the reply has started: the client raises it as the typed exception it names.</summary>
    public static byte[] Exception(string exceptionType, string message) =>
        Message([(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
            Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { message })));

    public static byte[] Message(IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = headers.Sum(h => 1 + Encoding.UTF8.GetByteCount(h.Name) + 1 + 2 + Encoding.UTF8.GetByteCount(h.Value));
        var total = PreludeLength + headersLength + payload.Length + 4;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32.HashToUInt32(message.AsSpan(0, 8)));
        var at = PreludeLength;
        foreach (var (name, value) in headers)
        {
            message[at] = (byte)Encoding.UTF8.GetBytes(name, message.AsSpan(at + 1));
            at += 1 + message[at];
            message[at++] = StringHeader;
            var length = Encoding.UTF8.GetBytes(value, message.AsSpan(at + 2));
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), (ushort)length);
            at += 2 + length;
        }
        payload.CopyTo(message.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc32.HashToUInt32(message.AsSpan(0, total - 4)));
        return message;
    }
}
