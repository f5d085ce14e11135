using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>
/// What a shard iterator says: which stream (its name, and its creation time, so a recreated stream refuses its
/// predecessor's iterators), which shard, the position of the next record to read, and when it was issued.
/// </summary>
public sealed record ShardIterator(string StreamName, long StreamCreatedAt, int ShardIndex, long Position, long IssuedAt)
{
    public string ShardId => ShardIds.Of(ShardIndex);
}

/// <summary>
/// Shard iterators on the wire: opaque standard base64 (as AWS's are), valid for 5 minutes after issue.
/// The bytes are a version, the fields of <see cref="ShardIterator"/> big-endian, the stream name, and the first 8
/// bytes of a SHA-256 of all that: a check against truncated or altered iterators, not a secret.
/// </summary>
public static partial class ShardIterators
{
    /// <summary>How long an iterator may be used after it was issued (the GetShardIterator API reference).</summary>
    public const long LifetimeMs = 300_000;

    const byte Version = 1;
    const int Header = 1 + 8 + 8 + 4 + 8 + 1;
    const int CheckLength = 8;
    const int MaxTextLength = 512;

    public static string Encode(ShardIterator iterator)
    {
        if (!StreamRules.IsStreamName(iterator.StreamName))
            throw new ArgumentException($"Not a stream name: {iterator.StreamName}", nameof(iterator));
        var name = Encoding.ASCII.GetBytes(iterator.StreamName);
        var bytes = new byte[Header + name.Length + CheckLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), iterator.IssuedAt);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), iterator.StreamCreatedAt);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(17), iterator.ShardIndex);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(21), iterator.Position);
        bytes[29] = (byte)name.Length;
        name.CopyTo(bytes, Header);
        Check(bytes.AsSpan(0, Header + name.Length)).CopyTo(bytes.AsSpan(Header + name.Length));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The iterator a string encodes, or null if it is not one of ours (AWS: "Invalid ShardIterator.").</summary>
    public static ShardIterator? Decode(string? text)
    {
        if (text is null || text.Length > MaxTextLength) return null;
        Span<byte> bytes = stackalloc byte[MaxTextLength];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length < Header + 1 + CheckLength) return null;
        var nameLength = bytes[29];
        if (bytes[0] != Version || length != Header + nameLength + CheckLength) return null;
        if (!bytes.Slice(Header + nameLength, CheckLength).SequenceEqual(Check(bytes[..(Header + nameLength)]))) return null;
        var name = Encoding.ASCII.GetString(bytes.Slice(Header, nameLength));
        var iterator = new ShardIterator(
            name,
            StreamCreatedAt: BinaryPrimitives.ReadInt64BigEndian(bytes[9..]),
            ShardIndex: BinaryPrimitives.ReadInt32BigEndian(bytes[17..]),
            Position: BinaryPrimitives.ReadInt64BigEndian(bytes[21..]),
            IssuedAt: BinaryPrimitives.ReadInt64BigEndian(bytes[1..]));
        return StreamRules.IsStreamName(name) && iterator.ShardIndex >= 0 && iterator.Position >= 0
               && IsTime(iterator.IssuedAt) && IsTime(iterator.StreamCreatedAt)
            ? iterator
            : null;
    }

    /// <summary>GetRecords' first step: the iterator, or InvalidArgumentException for a malformed one and ExpiredIteratorException for an old one.</summary>
    public static (ShardIterator? Iterator, Rejection? Rejection) Open(string? text, long now)
    {
        var iterator = Decode(text);
        if (iterator is null) return (null, new Rejection(ErrorCode.InvalidArgument, "Invalid ShardIterator."));
        // An iterator from a node whose clock runs a little ahead is as good as a fresh one.
        if (now - iterator.IssuedAt > LifetimeMs)
            return (null, new Rejection(ErrorCode.ExpiredIterator,
                $"Iterator expired. The iterator was created at time {JavaDate(iterator.IssuedAt)} while right now it is " +
                $"{JavaDate(now)} which is further in the future than the tolerated delay of {LifetimeMs} milliseconds."));
        return (iterator, null);
    }

    /// <summary>
    /// Whether an iterator belongs to the stream a GetRecords reaches: the one its StreamARN names, or the stream now
    /// bearing the iterator's stream name, which may be a later stream of the same name.
    /// </summary>
    public static Rejection? CheckStream(ShardIterator iterator, string streamName, long streamCreatedAt)
    {
        if (iterator.StreamName != streamName)
            return new Rejection(ErrorCode.InvalidArgument,
                $"Invalid ShardIterator. It was issued for stream {iterator.StreamName}, not for stream {streamName}.");
        if (iterator.StreamCreatedAt != streamCreatedAt)
            return new Rejection(ErrorCode.InvalidArgument,
                $"Invalid ShardIterator. It was issued for an earlier stream named {streamName}, which has since been deleted.");
        return null;
    }

    /// <summary>
    /// GetRecords' NextShardIterator: the same shard from <paramref name="nextPosition"/>, issued now; null once a closed
    /// shard has been read to its end (<paramref name="closedShardEnd"/>, the position after its last record).
    /// </summary>
    public static ShardIterator? Next(ShardIterator iterator, long nextPosition, long? closedShardEnd, long now) =>
        closedShardEnd is { } end && nextPosition >= end ? null : iterator with { Position = nextPosition, IssuedAt = now };

    static bool IsTime(long epochMs) => epochMs is >= 0 and <= MaxTime;

    /// <summary>9999-12-31T23:59:59.999Z, the last instant a DateTimeOffset holds.</summary>
    const long MaxTime = 253_402_300_799_999;

    static byte[] Check(ReadOnlySpan<byte> bytes) => SHA256.HashData(bytes)[..CheckLength];

    /// <summary>A time as AWS's Java service prints one (java.util.Date#toString in UTC): "Thu Jan 22 01:22:02 UTC 2015".</summary>
    internal static string JavaDate(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}
