using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>GetShardIterator: where each ShardIteratorType starts reading, and AWS's errors for what a type lacks or forbids.</summary>
[Trait("Tier", "Unit")]
public class StartingPositionTests
{
    /// <summary>Shard 0 has kept positions 10 to 19; the record at position p arrived at At(p).</summary>
    static readonly ShardLog Shard = new(ShardIndex: 0, FirstRetained: 10, Next: 20);

    static long FirstAtOrAfter(long time) => Math.Clamp((long)Math.Ceiling((time - T0) / 1000.0), 0, Shard.Next);

    static (long Position, Rejection? Rejection) Start(string type, string? sequenceNumber = null, long? timestamp = null) =>
        ShardIterators.StartingPosition(new IteratorStart(type, sequenceNumber, timestamp), Shard, FirstAtOrAfter, Name, At(100));

    static long Position(string type, string? sequenceNumber = null, long? timestamp = null)
    {
        var (position, rejection) = Start(type, sequenceNumber, timestamp);
        Assert.True(rejection is null, $"Expected a position, but got {rejection?.Code}: {rejection?.Message}");
        return position;
    }

    static string Sequence(long position, int shard = 0) => SequenceNumbers.Encode(shard, position);

    [Fact]
    public void TRIM_HORIZON_starts_at_the_oldest_retained_record() => Assert.Equal(10, Position("TRIM_HORIZON"));

    [Fact]
    public void LATEST_starts_after_the_newest_record() => Assert.Equal(20, Position("LATEST"));

    [Fact]
    public void AT_SEQUENCE_NUMBER_starts_at_that_record_and_AFTER_SEQUENCE_NUMBER_at_the_next()
    {
        Assert.Equal(15, Position("AT_SEQUENCE_NUMBER", Sequence(15)));
        Assert.Equal(16, Position("AFTER_SEQUENCE_NUMBER", Sequence(15)));
        Assert.Equal(20, Position("AFTER_SEQUENCE_NUMBER", Sequence(19)));
    }

    [Fact]
    public void A_trimmed_sequence_number_starts_at_the_trim_horizon() =>
        Assert.Equal(10, Position("AT_SEQUENCE_NUMBER", Sequence(3)));

    [Fact]
    public void A_sequence_number_beyond_any_given_out_did_not_come_from_this_stream()
    {
        Assert.Equal(20, Position("AT_SEQUENCE_NUMBER", Sequence(20)));

        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start("AFTER_SEQUENCE_NUMBER", Sequence(20)).Rejection);

        Assert.Equal($"StartingSequenceNumber {Sequence(20)} used in GetShardIterator on shard shardId-000000000000 in stream orders " +
                     "under account 000000000000 is invalid because it did not come from this stream.", rejection.Message);
        Expect.Rejection(ErrorCode.InvalidArgument, Start("AT_SEQUENCE_NUMBER", Sequence(21)).Rejection);
        Expect.Rejection(ErrorCode.InvalidArgument, Start("AFTER_SEQUENCE_NUMBER", Sequence(long.MaxValue)).Rejection);
    }

    [Theory]
    [InlineData("AT_SEQUENCE_NUMBER")]
    [InlineData("AFTER_SEQUENCE_NUMBER")]
    public void A_sequence_number_type_without_a_StartingSequenceNumber_is_refused(string type)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start(type).Rejection);

        Assert.Equal("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or " +
                     $"(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified {type} and no StartingSequenceNumber.",
            rejection.Message);
    }

    [Theory]
    [InlineData("TRIM_HORIZON")]
    [InlineData("LATEST")]
    public void TRIM_HORIZON_or_LATEST_with_a_StartingSequenceNumber_is_refused(string type)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start(type, Sequence(15)).Rejection);

        Assert.EndsWith($"Request specified {type} and also a StartingSequenceNumber.", rejection.Message);
    }

    [Fact]
    public void A_sequence_number_of_another_shard_is_refused_naming_both_shards()
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start("AT_SEQUENCE_NUMBER", Sequence(15, shard: 5)).Rejection);

        Assert.Equal("Invalid StartingSequenceNumber. It encodes shardId-000000000005, while it was used in a call to a shard with shardId-000000000000",
            rejection.Message);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("49590338271490256608559692538361571095921575989136588898")]
    public void A_decimal_that_is_not_one_of_our_sequence_numbers_is_invalid(string sequenceNumber)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start("AT_SEQUENCE_NUMBER", sequenceNumber).Rejection);

        Assert.Equal($"StartingSequenceNumber {sequenceNumber} used in GetShardIterator on shard shardId-000000000000 in stream orders " +
                     "under account 000000000000 is invalid.", rejection.Message);
    }

    [Fact]
    public void A_StartingSequenceNumber_that_is_not_a_decimal_breaks_the_model_pattern()
    {
        var rejection = Expect.Rejection(ErrorCode.Validation, Start("AT_SEQUENCE_NUMBER", "0x1f").Rejection);

        Assert.Equal("1 validation error detected: Value '0x1f' at 'startingSequenceNumber' failed to satisfy constraint: " +
                     @"Member must satisfy regular expression pattern: 0|([1-9]\d{0,128})", rejection.Message);
    }

    [Fact]
    public void An_unknown_ShardIteratorType_breaks_the_model_enum()
    {
        var rejection = Expect.Rejection(ErrorCode.Validation, Start("OLDEST").Rejection);

        Assert.Equal("1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy " +
                     "enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]", rejection.Message);
    }

    [Fact]
    public void AT_TIMESTAMP_starts_at_the_first_record_that_arrived_at_or_after_the_time()
    {
        Assert.Equal(15, Position("AT_TIMESTAMP", timestamp: At(15)));
        Assert.Equal(16, Position("AT_TIMESTAMP", timestamp: At(15.5)));
    }

    [Fact]
    public void AT_TIMESTAMP_before_the_trim_horizon_starts_at_the_trim_horizon() =>
        Assert.Equal(10, Position("AT_TIMESTAMP", timestamp: At(-1_000)));

    [Fact]
    public void AT_TIMESTAMP_after_the_newest_record_starts_after_it() =>
        Assert.Equal(20, Position("AT_TIMESTAMP", timestamp: At(50)));

    [Fact]
    public void AT_TIMESTAMP_without_a_Timestamp_is_refused() =>
        Assert.Equal("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.",
            Expect.Rejection(ErrorCode.InvalidArgument, Start("AT_TIMESTAMP").Rejection).Message);

    [Fact]
    public void AT_TIMESTAMP_in_the_future_is_refused()
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, Start("AT_TIMESTAMP", timestamp: At(100.001)).Rejection);

        Assert.Equal("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. " +
                     $"timestampInMillis: {At(100.001)}, currentTimestampInMillis: {At(100)}", rejection.Message);
    }

    [Theory]
    [InlineData("1700000000", 1_700_000_000_000L)]
    [InlineData("1700000000.5", 1_700_000_000_500L)]
    [InlineData("1700000000.123", 1_700_000_000_123L)]
    [InlineData("1700000000.1239", 1_700_000_000_123L)]
    [InlineData("0", 0L)]
    [InlineData("1e20", long.MaxValue)]
    public void A_JSON_timestamp_in_integer_or_fractional_epoch_seconds_is_read_to_the_millisecond(string seconds, long expected) =>
        Assert.Equal(expected, ShardIterators.EpochMillis(decimal.Parse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)));
}
