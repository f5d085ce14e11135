using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>Stream names, shard counts, retention, record and request sizes, with AWS's errors.</summary>
[Trait("Tier", "Unit")]
public class StreamRulesTests
{
    const long MiB = 1024 * 1024;

    [Theory]
    [InlineData("a")]
    [InlineData("my_stream.v-2")]
    [InlineData("Orders2026")]
    public void A_stream_name_of_letters_digits_underscores_dots_and_hyphens_is_accepted(string name)
    {
        Assert.Null(StreamRules.ValidateStreamName(name));
        Assert.True(StreamRules.IsStreamName(name));
    }

    [Fact]
    public void A_stream_name_of_128_characters_is_accepted_and_129_is_too_long()
    {
        Assert.Null(StreamRules.ValidateStreamName(new string('s', 128)));

        var name = new string('s', 129);
        Assert.Equal($"1 validation error detected: Value '{name}' at 'streamName' failed to satisfy constraint: " +
                     "Member must have length less than or equal to 128",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateStreamName(name)).Message);
    }

    [Fact]
    public void An_empty_stream_name_breaks_both_the_pattern_and_the_length() =>
        Assert.Equal("2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: " +
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to satisfy " +
                     "constraint: Member must have length greater than or equal to 1",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateStreamName("")).Message);

    [Theory]
    [InlineData("my stream")]
    [InlineData("ström")]
    [InlineData("orders/eu")]
    public void A_stream_name_with_other_characters_breaks_the_pattern(string name)
    {
        Assert.EndsWith("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateStreamName(name)).Message);
        Assert.False(StreamRules.IsStreamName(name));
    }

    [Fact]
    public void A_stream_needs_at_least_one_shard()
    {
        Assert.Null(StreamRules.ValidateShardCount(1));
        Assert.Equal("1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateShardCount(0)).Message);
    }

    [Fact]
    public void Shards_beyond_the_accounts_limit_are_LimitExceededException()
    {
        Assert.Null(StreamRules.CheckAccountShardLimit(19_998, 2));

        var rejection = Expect.Rejection(ErrorCode.LimitExceeded, StreamRules.CheckAccountShardLimit(19_999, 2));

        Assert.Equal("This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count for the account: 19999. " +
                     "Limit: 20000. Number of additional shards that would have resulted from this request: 2. Refer to the AWS Service Limits page " +
                     "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
            rejection.Message);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(168)]
    [InlineData(8_760)]
    public void Retention_of_24_to_8760_hours_is_accepted(int hours) => Assert.Null(StreamRules.ValidateRetention(hours));

    [Fact]
    public void Retention_under_24_hours_is_too_short() =>
        Assert.Equal("Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.",
            Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.ValidateRetention(23)).Message);

    [Fact]
    public void Retention_over_8760_hours_is_too_long() =>
        Assert.Equal("Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.",
            Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.ValidateRetention(8_761)).Message);

    [Fact]
    public void Retention_under_one_hour_breaks_the_model_bound() =>
        Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateRetention(0));

    [Fact]
    public void IncreaseStreamRetentionPeriod_refuses_a_shorter_period()
    {
        Assert.Null(StreamRules.IncreaseRetention(24, 48, Name));

        Assert.Equal("Requested retention period (24 hours) for stream orders can not be shorter than existing retention period (48 hours). " +
                     "Use DecreaseRetentionPeriod API.",
            Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.IncreaseRetention(48, 24, Name)).Message);
    }

    [Fact]
    public void DecreaseStreamRetentionPeriod_refuses_a_longer_period()
    {
        Assert.Null(StreamRules.DecreaseRetention(48, 24, Name));

        Assert.Equal("Requested retention period (72 hours) for stream orders can not be longer than existing retention period (48 hours). " +
                     "Use IncreaseRetentionPeriod API.",
            Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.DecreaseRetention(48, 72, Name)).Message);
    }

    [Fact]
    public void Changing_retention_to_the_current_period_is_accepted_either_way()
    {
        Assert.Null(StreamRules.IncreaseRetention(48, 48, Name));
        Assert.Null(StreamRules.DecreaseRetention(48, 48, Name));
    }

    [Fact]
    public void Changing_retention_still_checks_the_bounds() =>
        Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.IncreaseRetention(24, 9_000, Name));

    [Theory]
    [InlineData(1_024)]
    [InlineData(10_240)]
    public void UpdateMaxRecordSize_takes_1024_to_10240_KiB(int kib) => Assert.Null(StreamRules.ValidateMaxRecordSize(kib));

    [Fact]
    public void UpdateMaxRecordSize_outside_1024_to_10240_KiB_is_ValidationException()
    {
        Assert.EndsWith("Member must have value greater than or equal to 1024",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateMaxRecordSize(1_023)).Message);
        Assert.EndsWith("Member must have value less than or equal to 10240",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidateMaxRecordSize(10_241)).Message);
    }

    [Fact]
    public void A_records_size_is_its_raw_data_plus_its_partition_keys_UTF8_bytes() =>
        Assert.Equal(10 + 8, StreamRules.RecordSize(10, "ключ"));

    [Fact]
    public void A_record_of_exactly_1_MiB_with_its_partition_key_is_accepted() =>
        Assert.Null(StreamRules.ValidatePutRecord(new RecordShape(MiB - 3, "abc"), StreamRules.DefaultMaxRecordSizeKiB, Name));

    [Fact]
    public void Data_that_fits_but_not_with_its_partition_key_is_InvalidArgumentException() =>
        Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.ValidatePutRecord(new RecordShape(MiB, "k"), StreamRules.DefaultMaxRecordSizeKiB, Name));

    [Fact]
    public void Data_over_the_streams_maximum_is_refused_like_the_models_length_bound() =>
        Assert.Equal("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy " +
                     "constraint: Member must have length less than or equal to 1048576",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecord(new RecordShape(MiB + 1, "k"), StreamRules.DefaultMaxRecordSizeKiB, Name)).Message);

    [Fact]
    public void A_stream_raised_to_10_MiB_takes_records_up_to_10_MiB()
    {
        Assert.Null(StreamRules.ValidatePutRecord(new RecordShape(5 * MiB, "k"), 10_240, Name));
        Assert.Null(StreamRules.ValidatePutRecord(new RecordShape(10 * MiB - 1, "k"), 10_240, Name));
        Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecord(new RecordShape(10 * MiB + 1, "k"), 10_240, Name));
    }

    [Fact]
    public void PutRecord_reports_every_broken_constraint_at_once() =>
        Assert.Equal("2 validation errors detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater " +
                     @"than or equal to 1; Value 'x' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecord(new RecordShape(1, "", "x"), 1_024, Name)).Message);

    static IReadOnlyList<RecordShape> Records(int count, long dataLength = 10) =>
        Enumerable.Range(0, count).Select(i => new RecordShape(dataLength, $"pk{i}")).ToArray();

    [Fact]
    public void PutRecords_takes_1_to_500_records()
    {
        Assert.Null(StreamRules.ValidatePutRecords(Records(1), 1_024, Name));
        Assert.Null(StreamRules.ValidatePutRecords(Records(500), 1_024, Name));
    }

    [Fact]
    public void PutRecords_with_501_records_is_ValidationException() =>
        Assert.Equal("1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less than or equal to 500",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecords(Records(501), 1_024, Name)).Message);

    [Fact]
    public void PutRecords_with_no_records_is_ValidationException() =>
        Assert.EndsWith("Member must have length greater than or equal to 1",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecords([], 1_024, Name)).Message);

    [Fact]
    public void PutRecords_over_10_MiB_with_partition_keys_is_InvalidArgumentException()
    {
        Assert.Null(StreamRules.ValidatePutRecords(Records(10, MiB - 4), 1_024, Name));

        Assert.Equal("Records size exceeds 10 MB limit",
            Expect.Rejection(ErrorCode.InvalidArgument, StreamRules.ValidatePutRecords(Records(10, MiB - 2), 1_024, Name)).Message);
    }

    [Fact]
    public void PutRecords_names_each_bad_record_by_its_place_counting_from_one()
    {
        RecordShape[] records = [new(1, "ok"), new(1, null), new(1, new string('k', 257))];

        var message = Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecords(records, 1_024, Name)).Message;

        Assert.StartsWith("2 validation errors detected: Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null; ", message);
        Assert.Contains("at 'records.3.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256", message);
    }

    [Fact]
    public void A_record_too_large_for_the_stream_fails_the_whole_PutRecords() =>
        Assert.Contains("'records.2.member.data'",
            Expect.Rejection(ErrorCode.Validation, StreamRules.ValidatePutRecords([new(1, "a"), new(2 * MiB, "b")], 1_024, Name)).Message);

    [Fact]
    public void Stream_errors_use_AWS_wording()
    {
        Assert.Equal("Stream orders under account 000000000000 not found.", Expect.Rejection(ErrorCode.ResourceNotFound, StreamRules.StreamNotFound(Name)).Message);
        Assert.Equal("Stream orders under account 000000000000 already exists.", Expect.Rejection(ErrorCode.ResourceInUse, StreamRules.StreamExists(Name)).Message);
        Assert.Equal("Stream orders under account 000000000000 not ACTIVE, instead in state UPDATING",
            Expect.Rejection(ErrorCode.ResourceInUse, StreamRules.StreamNotActive(Name, "UPDATING")).Message);
        Assert.Equal("Shard shardId-000000000007 in stream orders under account 000000000000 does not exist",
            Expect.Rejection(ErrorCode.ResourceNotFound, StreamRules.ShardDoesNotExist("shardId-000000000007", Name)).Message);
    }
}
