using System.Buffers.Binary;
using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>
/// A receipt handle names one receive of one message: the queue, the message's sequence
/// number and which receive it was. A later receive makes older handles stale.
/// </summary>
public readonly record struct ReceiptHandle(uint QueueTag, long Sequence, int ReceiveCount, Guid MessageId)
{
    const byte Version = 1;
    const int Length = 1 + 4 + 8 + 4 + 16;

    public static uint TagOf(string queueId) => StableHash.Of(queueId);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(bytes[1..], QueueTag);
        BinaryPrimitives.WriteInt64BigEndian(bytes[5..], Sequence);
        BinaryPrimitives.WriteInt32BigEndian(bytes[13..], ReceiveCount);
        MessageId.TryWriteBytes(bytes[17..]);
        return "AQEB" + Convert.ToBase64String(bytes);
    }

    public static bool TryDecode(string? text, out ReceiptHandle handle)
    {
        handle = default;
        if (text is null || !text.StartsWith("AQEB", StringComparison.Ordinal)) return false;
        Span<byte> bytes = stackalloc byte[Length + 2];
        if (!Convert.TryFromBase64String(text[4..], bytes, out var written) || written != Length || bytes[0] != Version)
            return false;
        handle = new ReceiptHandle(
            BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[5..]),
            BinaryPrimitives.ReadInt32BigEndian(bytes[13..]),
            new Guid(bytes.Slice(17, 16)));
        return true;
    }
}
