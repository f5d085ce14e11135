using System.Buffers.Text;

namespace Shoal.Bench.Http;

/// <summary>A reusable, growable byte buffer for assembling requests without per-request allocation.</summary>
public sealed class ByteBuilder(int capacity = 4096)
{
    private byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ByteBuilder Clear()
    {
        Length = 0;
        return this;
    }

    public ByteBuilder Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        return this;
    }

    public ByteBuilder Append(int value)
    {
        Utf8Formatter.TryFormat(value, Reserve(11), out var written);
        Length -= 11 - written;
        return this;
    }

    /// <summary>Appends <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
