using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>GetShardIterator's starting point: its ShardIteratorType, with the StartingSequenceNumber or Timestamp it needs.</summary>
/// <param name="Timestamp">AT_TIMESTAMP's time in epoch milliseconds (see <see cref="ShardIterators.EpochMillis"/>).</param>
public sealed record IteratorStart(string ShardIteratorType, string? StartingSequenceNumber = null, long? Timestamp = null);

/// <summary>
/// What a shard knows of its log, as positions (see <see cref="SequenceNumbers"/>): the first record still retained,
/// and the position the next record will take (for a closed shard, the position after its last record).
/// </summary>
public sealed record ShardLog(int ShardIndex, long FirstRetained, long Next)
{
    public string ShardId => ShardIds.Of(ShardIndex);
}

public static partial class ShardIterators
{
    public const string AtSequenceNumber = "AT_SEQUENCE_NUMBER";
    public const string AfterSequenceNumber = "AFTER_SEQUENCE_NUMBER";
    public const string TrimHorizon = "TRIM_HORIZON";
    public const string Latest = "LATEST";
    public const string AtTimestamp = "AT_TIMESTAMP";

    static readonly string[] Types = [AtSequenceNumber, AfterSequenceNumber, TrimHorizon, Latest, AtTimestamp];

    /// <summary>
    /// The position an iterator starts at: the next record it will read. <paramref name="firstAtOrAfter"/> gives the
    /// position of the first record that arrived at or after a time (epoch ms), or the shard's next position if none did.
    /// Errors are AWS's, in AWS's order.
    /// </summary>
    public static (long Position, Rejection? Rejection) StartingPosition(
        IteratorStart start, ShardLog shard, Func<long, long> firstAtOrAfter, string streamName, long now)
    {
        var type = start.ShardIteratorType;
        if (!Types.Contains(type))
            return Fail(ValidationErrors.One(type, "shardIteratorType", ValidationErrors.OneOf(Types)));

        var sequenceNumber = start.StartingSequenceNumber;
        if (type is AtSequenceNumber or AfterSequenceNumber)
        {
            if (sequenceNumber is null) return Fail(Invalid(MustEither(type, "no StartingSequenceNumber")));
            return FromSequenceNumber(sequenceNumber, after: type == AfterSequenceNumber, shard, streamName);
        }
        if (sequenceNumber is not null && type is TrimHorizon or Latest)
            return Fail(Invalid(MustEither(type, "also a StartingSequenceNumber")));

        switch (type)
        {
            case TrimHorizon:
                return (shard.FirstRetained, null);
            case Latest:
                return (shard.Next, null);
            default:
                if (start.Timestamp is not { } timestamp)
                    return Fail(Invalid("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter."));
                if (timestamp > now)
                    return Fail(Invalid("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. " +
                                        $"timestampInMillis: {timestamp}, currentTimestampInMillis: {now}"));
                // Older than the trim horizon reads from the trim horizon (the API reference on Timestamp).
                return (Math.Clamp(firstAtOrAfter(timestamp), shard.FirstRetained, shard.Next), null);
        }
    }

    static (long, Rejection?) FromSequenceNumber(string sequenceNumber, bool after, ShardLog shard, string streamName)
    {
        if (!SequenceNumbers.MatchesPattern(sequenceNumber))
            return Fail(ValidationErrors.One(sequenceNumber, "startingSequenceNumber", ValidationErrors.Pattern(SequenceNumbers.Pattern)));
        var used = $"StartingSequenceNumber {sequenceNumber} used in GetShardIterator on shard {shard.ShardId} in {StreamRules.InAccount(streamName)}";
        if (SequenceNumbers.Decode(sequenceNumber) is not { } decoded)
            return Fail(Invalid($"{used} is invalid."));
        var (shardIndex, position) = decoded;
        if (shardIndex != shard.ShardIndex)
            return Fail(Invalid($"Invalid StartingSequenceNumber. It encodes {ShardIds.Of(shardIndex)}, while it was used in a call to a shard with {shard.ShardId}"));
        // Positions are dense, so a start beyond the next record's was never given out: it belongs to another stream
        // of this name (deleted since) or to none. A trimmed one reads from the trim horizon, as AT_TIMESTAMP does.
        if (position > shard.Next || after && position == shard.Next)
            return Fail(Invalid($"{used} is invalid because it did not come from this stream."));
        return (Math.Max(after ? position + 1 : position, shard.FirstRetained), null);
    }

    static string MustEither(string type, string what) =>
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or " +
        $"(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified {type} and {what}.";

    static Rejection Invalid(string message) => new(ErrorCode.InvalidArgument, message);

    static (long, Rejection?) Fail(Rejection rejection) => (0, rejection);

    static readonly decimal MaxSeconds = long.MaxValue / 1000m;

    /// <summary>
    /// A JSON timestamp (epoch seconds, integer as botocore sends it or fractional as the JS SDK does) in epoch
    /// milliseconds, the precision AWS keeps; finer fractions are dropped, and absurd values are held at long's range.
    /// </summary>
    public static long EpochMillis(decimal seconds) =>
        seconds >= MaxSeconds ? long.MaxValue
        : seconds <= -MaxSeconds ? long.MinValue
        : (long)decimal.Floor(seconds * 1000m);
}
