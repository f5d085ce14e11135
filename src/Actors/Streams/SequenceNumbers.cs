using System.Globalization;

namespace Shoal.Actors.Streams;

/// <summary>
/// Sequence numbers: 56 decimal digits, as wide as AWS's, laid out as
/// <code>
///   4 | shard index, 12 digits | position in the shard, 43 digits
/// </code>
/// The leading 4 (AWS's begin with 4 too) keeps the width fixed, so string order is numeric order. The position is
/// the record's place in its shard's log (0, 1, 2, …), so a shard's numbers strictly increase; the shard index makes
/// them unique across the stream; and because a reshard's children take indexes above every existing shard, a child's
/// numbers are always above its parents'. A position is a long, so the top 24 of its digits are always zero.
/// </summary>
public static class SequenceNumbers
{
    public const int Length = 56;
    const char Lead = '4';
    const int IndexDigits = 12;
    const int PositionDigits = Length - 1 - IndexDigits;
    const int UnusedPositionDigits = PositionDigits - 19;

    /// <summary>The model's pattern for StartingSequenceNumber and the like.</summary>
    public const string Pattern = @"0|([1-9]\d{0,128})";

    public static string Encode(int shardIndex, long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return string.Create(Length, (shardIndex, position), static (span, value) =>
        {
            span[0] = Lead;
            value.shardIndex.TryFormat(span.Slice(1, IndexDigits), out _, "D12", CultureInfo.InvariantCulture);
            value.position.TryFormat(span[(1 + IndexDigits)..], out _, "D43", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>
    /// The number a reader continues after to read <paramref name="position"/> next (SubscribeToShard's
    /// ContinuationSequenceNumber): the record before it, or for position 0 the number just below the shard's first,
    /// which no record has ("4" + the previous index + 43 nines; for shard 0, "3" + 55 nines). Decode gives it as
    /// position −1, so AFTER_SEQUENCE_NUMBER of it reads the shard from its first record.
    /// </summary>
    public static string Preceding(int shardIndex, long position)
    {
        if (position > 0) return Encode(shardIndex, position - 1);
        return shardIndex == 0
            ? "3" + new string('9', Length - 1)
            : Lead + (shardIndex - 1).ToString("D12", CultureInfo.InvariantCulture) + new string('9', PositionDigits);
    }

    /// <summary>The shard index and position a sequence number encodes, or null if it is not one of ours.</summary>
    public static (int ShardIndex, long Position)? Decode(string? sequenceNumber)
    {
        if (sequenceNumber is not { Length: Length }) return null;
        if (sequenceNumber == Preceding(0, 0)) return (0, -1);
        if (sequenceNumber[0] != Lead) return null;
        if (sequenceNumber.AsSpan(1 + IndexDigits).IndexOfAnyExcept('9') < 0
            && int.TryParse(sequenceNumber.AsSpan(1, IndexDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var previous) && previous < int.MaxValue)
            return (previous + 1, -1);
        var digits = sequenceNumber.AsSpan();
        foreach (var c in digits)
            if (c is < '0' or > '9') return null;
        var position = digits[(1 + IndexDigits)..];
        foreach (var c in position[..UnusedPositionDigits])
            if (c != '0') return null;
        return int.TryParse(digits.Slice(1, IndexDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var shardIndex)
               && long.TryParse(position[UnusedPositionDigits..], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? (shardIndex, at)
            : null;
    }

    /// <summary>Whether text matches the model's sequence number pattern (any decimal up to 129 digits, ours or not).</summary>
    public static bool MatchesPattern(string text) => HashKeys.IsDecimal(text, maxDigits: 129);
}
