using System.Buffers.Text;
using System.Diagnostics;

namespace Shoal.Bench.Load;

/// <summary>
/// Message bodies carry who sent them and when, so that consumers can tell missing or duplicate
/// messages and measure send-to-delete latency: <c>RRRRRRRR:IIIIIIIIIIII:TTTTTTTTTTTTTTTT:xxxx…</c>
/// (run tag, message id, Stopwatch timestamp, all fixed-width hex; then padding). In the FIFO scenarios
/// the stream follows: <c>…:TTTTTTTTTTTTTTTT:PPPPGGGG:xxxx…</c> (producer and message group, 4 hex digits
/// each), so that consumers can check the order within each group.
/// Only [0-9a-fx:] are used, so a body never needs JSON, XML or form escaping.
/// </summary>
public sealed class MessageCodec
{
    private const int TagDigits = 8, IdDigits = 12, TimeDigits = 16, StreamDigits = 8;
    private const int IdOffset = TagDigits + 1, TimeOffset = IdOffset + IdDigits + 1, StreamOffset = TimeOffset + TimeDigits + 1;
    public const int MinBodySize = StreamOffset;
    public const int MinFifoBodySize = StreamOffset + StreamDigits + 1;
    /// <summary>The body starts with run tag and id (<c>RRRRRRRR:IIIIIIIIIIII</c>): unique, a valid MessageDeduplicationId.</summary>
    public const int DeduplicationIdLength = IdOffset + IdDigits;

    private readonly uint _runTag;
    private readonly bool _withStream;
    private readonly byte[] _template;

    public MessageCodec(uint runTag, int bodySize, bool withStream = false)
    {
        var minimum = withStream ? MinFifoBodySize : MinBodySize;
        if (bodySize < minimum)
            throw new ArgumentOutOfRangeException(nameof(bodySize), $"at least {minimum} bytes");
        _runTag = runTag;
        _withStream = withStream;
        _template = new byte[bodySize];
        _template.AsSpan().Fill((byte)'x');
        WriteHex(_runTag, _template.AsSpan(0, TagDigits));
        _template[TagDigits] = (byte)':';
        _template[TimeOffset - 1] = (byte)':';
        _template[TimeOffset + TimeDigits] = (byte)':';
        if (withStream)
            _template[StreamOffset + StreamDigits] = (byte)':';
    }

    public int BodySize => _template.Length;

    /// <summary>
    /// Writes the body of message <paramref name="id"/>, stamped now, into <paramref name="destination"/>;
    /// with streams, also the sending producer's <paramref name="stream"/> (see <see cref="FifoStreams"/>).
    /// </summary>
    public void Encode(long id, Span<byte> destination, int stream = 0)
    {
        _template.CopyTo(destination);
        WriteHex((ulong)id, destination.Slice(IdOffset, IdDigits));
        WriteHex((ulong)Stopwatch.GetTimestamp(), destination.Slice(TimeOffset, TimeDigits));
        if (_withStream)
            WriteHex((uint)stream, destination.Slice(StreamOffset, StreamDigits));
    }

    /// <summary>Reads a body back. Bodies of other runs (a reused --queue) come back as Foreign.</summary>
    public DecodeResult Decode(ReadOnlySpan<byte> body, out long id, out long sentTimestamp, out int stream)
    {
        id = sentTimestamp = 0;
        stream = 0;
        if (body.Length < (_withStream ? MinFifoBodySize : MinBodySize) || !TryReadHex(body[..TagDigits], out var tag))
            return DecodeResult.Malformed;
        if (tag != _runTag)
            return DecodeResult.Foreign;
        if (!TryReadHex(body.Slice(IdOffset, IdDigits), out var rawId) ||
            !TryReadHex(body.Slice(TimeOffset, TimeDigits), out var rawTime))
            return DecodeResult.Malformed;
        if (_withStream)
        {
            if (!TryReadHex(body.Slice(StreamOffset, StreamDigits), out var rawStream))
                return DecodeResult.Malformed;
            stream = (int)(uint)rawStream;
        }
        id = (long)rawId;
        sentTimestamp = (long)rawTime;
        return DecodeResult.Ok;
    }

    private static void WriteHex(ulong value, Span<byte> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--, value >>= 4)
            destination[i] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
    }

    private static bool TryReadHex(ReadOnlySpan<byte> digits, out ulong value) =>
        Utf8Parser.TryParse(digits, out value, out var consumed, 'x') && consumed == digits.Length;
}

public enum DecodeResult { Ok, Foreign, Malformed }
