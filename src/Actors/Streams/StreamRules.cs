using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>The shape of a record as PutRecord(s) validates it: Data is decoded from base64 by the API, so only its length is here.</summary>
public readonly record struct RecordShape(long DataLength, string? PartitionKey, string? ExplicitHashKey = null);

/// <summary>
/// Streams' own limits: names, shard counts, retention, record and request sizes, with AWS's errors. The model's
/// constraints answer ValidationException; the service's own checks answer InvalidArgumentException or LimitExceededException.
/// </summary>
public static class StreamRules
{
    public const int MaxStreamNameLength = 128;
    public const string StreamNamePattern = "[a-zA-Z0-9_.-]+";

    /// <summary>Shards a new on-demand stream starts with (4 MB/s of writes, the quotas page).</summary>
    public const int OnDemandShardCount = 4;

    /// <summary>Open shards a stream may have (UpdateShardCount's default limit).</summary>
    public const int MaxShardsPerStream = 10_000;

    /// <summary>Shards an account may have in us-east-1, Shoal's region (the quotas page; 1,000 or 6,000 in smaller Regions).</summary>
    public const int AccountShardLimit = 20_000;

    public const int DefaultRetentionHours = 24;
    public const int MinRetentionHours = 24;
    public const int MaxRetentionHours = 8_760;

    public const int DefaultMaxRecordSizeKiB = 1_024;
    public const int MinMaxRecordSizeKiB = 1_024;
    public const int MaxMaxRecordSizeKiB = 10_240;

    /// <summary>The model's bound on a record's Data: 10 MiB, the largest a stream can be configured to take.</summary>
    public const long MaxDataLength = 10 * 1024 * 1024;

    public const int MaxRecordsPerPutRecords = 500;

    /// <summary>A PutRecords request's records together, partition keys included (10 MiB since large records arrived).</summary>
    public const long MaxPutRecordsBytes = 10 * 1024 * 1024;

    /// <summary>"stream orders under account 000000000000", the phrase most of AWS's Kinesis errors are built on.</summary>
    public static string Arn(string streamName) => $"arn:aws:kinesis:{Account.Region}:{Account.Id}:stream/{streamName}";

    /// <summary>The stream a StreamARN of this account and region names, or null.</summary>
    public static string? NameOfArn(string? arn)
    {
        var prefix = $"arn:aws:kinesis:{Account.Region}:{Account.Id}:stream/";
        return arn is not null && arn.StartsWith(prefix, StringComparison.Ordinal) && IsStreamName(arn[prefix.Length..]) ? arn[prefix.Length..] : null;
    }

    /// <summary>A new stream reports CREATING for this long, as AWS's do for a few seconds; clients wait for ACTIVE.</summary>
    public const long CreatingMs = 500;

    public static string InAccount(string streamName) => $"stream {streamName} under account {Account.Id}";

    public static bool IsStreamName(string? name) =>
        name is { Length: > 0 and <= MaxStreamNameLength } && name.All(IsNameCharacter);

    public static Rejection? ValidateStreamName(string? name, string path = "streamName")
    {
        if (name is null) return ValidationErrors.One(null, path, ValidationErrors.NotNull);
        var errors = new ValidationErrors();
        if (!name.All(IsNameCharacter) || name.Length == 0) errors.Add(name, path, ValidationErrors.Pattern(StreamNamePattern));
        if (name.Length == 0) errors.Add(name, path, ValidationErrors.MinLength(1));
        if (name.Length > MaxStreamNameLength) errors.Add(name, path, ValidationErrors.MaxLength(MaxStreamNameLength));
        return errors.ToRejection();
    }

    static bool IsNameCharacter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-';

    /// <summary>CreateStream's ShardCount: at least 1 (the model's bound); the account's limit is <see cref="CheckAccountShardLimit"/>.</summary>
    public static Rejection? ValidateShardCount(int shardCount) =>
        shardCount < 1 ? ValidationErrors.One(Text(shardCount), "shardCount", ValidationErrors.MinValue(1)) : null;

    /// <summary>Whether <paramref name="additional"/> more shards fit the account's limit (CreateStream, SplitShard, UpdateShardCount).</summary>
    public static Rejection? CheckAccountShardLimit(int accountShards, int additional, int limit = AccountShardLimit) =>
        (long)accountShards + additional <= limit
            ? null
            : new Rejection(ErrorCode.LimitExceeded,
                $"This request would exceed the shard limit for the account {Account.Id} in {Account.Region}. " +
                $"Current shard count for the account: {accountShards}. Limit: {limit}. " +
                $"Number of additional shards that would have resulted from this request: {additional}. " +
                "Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) " +
                "for current limits and how to request higher limits.");

    /// <summary>A RetentionPeriodHours: at least 1 for the model, then 24 to 8,760 for the service.</summary>
    public static Rejection? ValidateRetention(int hours) => hours switch
    {
        < 1 => ValidationErrors.One(Text(hours), "retentionPeriodHours", ValidationErrors.MinValue(1)),
        < MinRetentionHours => new Rejection(ErrorCode.InvalidArgument,
            $"Minimum allowed retention period is {MinRetentionHours} hours. Requested retention period ({hours} hours) is too short."),
        > MaxRetentionHours => new Rejection(ErrorCode.InvalidArgument,
            $"Maximum allowed retention period is {MaxRetentionHours} hours. Requested retention period ({hours} hours) is too long."),
        _ => null,
    };

    /// <summary>
    /// IncreaseStreamRetentionPeriod. Only a shorter period is refused: AWS's message names that case alone, and
    /// emulators checked against AWS accept the current period as a no-op.
    /// </summary>
    public static Rejection? IncreaseRetention(int currentHours, int requestedHours, string streamName) =>
        ValidateRetention(requestedHours) ?? (requestedHours < currentHours
            ? new Rejection(ErrorCode.InvalidArgument,
                $"Requested retention period ({requestedHours} hours) for stream {streamName} can not be shorter than " +
                $"existing retention period ({currentHours} hours). Use DecreaseRetentionPeriod API.")
            : null);

    /// <summary>DecreaseStreamRetentionPeriod: only a longer period is refused, as for <see cref="IncreaseRetention"/>.</summary>
    public static Rejection? DecreaseRetention(int currentHours, int requestedHours, string streamName) =>
        ValidateRetention(requestedHours) ?? (requestedHours > currentHours
            ? new Rejection(ErrorCode.InvalidArgument,
                $"Requested retention period ({requestedHours} hours) for stream {streamName} can not be longer than " +
                $"existing retention period ({currentHours} hours). Use IncreaseRetentionPeriod API.")
            : null);

    /// <summary>UpdateMaxRecordSize's MaxRecordSizeInKiB: 1,024 to 10,240, else ValidationException (the API reference).</summary>
    public static Rejection? ValidateMaxRecordSize(int kib) => kib switch
    {
        < MinMaxRecordSizeKiB => ValidationErrors.One(Text(kib), "maxRecordSizeInKiB", ValidationErrors.MinValue(MinMaxRecordSizeKiB)),
        > MaxMaxRecordSizeKiB => ValidationErrors.One(Text(kib), "maxRecordSizeInKiB", ValidationErrors.MaxValue(MaxMaxRecordSizeKiB)),
        _ => null,
    };

    /// <summary>A record's size as the limits count it: the raw data (not its base64) plus the partition key's UTF-8 bytes.</summary>
    public static long RecordSize(long dataLength, string partitionKey) => dataLength + Encoding.UTF8.GetByteCount(partitionKey);

    /// <summary>PutRecord's Data, PartitionKey and ExplicitHashKey against the model and the stream's maximum record size.</summary>
    public static Rejection? ValidatePutRecord(RecordShape record, int maxRecordSizeKiB, string streamName)
    {
        var errors = new ValidationErrors();
        AddModelErrors(errors, record, prefix: "");
        return errors.ToRejection() ?? CheckRecordSize(record, maxRecordSizeKiB, streamName, dataPath: "data");
    }

    /// <summary>
    /// PutRecords as a whole: 1 to 500 records, each valid as in <see cref="ValidatePutRecord"/>, at most 10 MiB together.
    /// Any of these fails the whole request; only throughput fails a record alone.
    /// </summary>
    public static Rejection? ValidatePutRecords(IReadOnlyList<RecordShape>? records, int maxRecordSizeKiB, string streamName)
    {
        if (records is null) return ValidationErrors.One(null, "records", ValidationErrors.NotNull);
        var errors = new ValidationErrors();
        if (records.Count == 0) errors.Add("records", ValidationErrors.MinLength(1));
        if (records.Count > MaxRecordsPerPutRecords) errors.Add("records", ValidationErrors.MaxLength(MaxRecordsPerPutRecords));
        for (var i = 0; i < records.Count; i++)
            AddModelErrors(errors, records[i], prefix: $"records.{i + 1}.member.");
        if (errors.ToRejection() is { } invalid) return invalid;

        long total = 0;
        foreach (var record in records) total += RecordSize(record.DataLength, record.PartitionKey!);
        if (total > MaxPutRecordsBytes)
            return new Rejection(ErrorCode.InvalidArgument, $"Records size exceeds {MaxPutRecordsBytes / (1024 * 1024)} MB limit");
        for (var i = 0; i < records.Count; i++)
            if (CheckRecordSize(records[i], maxRecordSizeKiB, streamName, dataPath: $"records.{i + 1}.member.data") is { } tooLarge)
                return tooLarge;
        return null;
    }

    static void AddModelErrors(ValidationErrors errors, RecordShape record, string prefix)
    {
        if (record.DataLength > MaxDataLength)
            errors.Add(ValidationErrors.Blob(record.DataLength), prefix + "data", ValidationErrors.MaxLength(MaxDataLength));
        if (HashKeys.PartitionKeyConstraint(record.PartitionKey) is { } broken)
            errors.Add(record.PartitionKey, prefix + "partitionKey", broken);
        if (record.ExplicitHashKey is { } explicitHashKey && !HashKeys.IsDecimalHashKey(explicitHashKey))
            errors.Add(explicitHashKey, prefix + "explicitHashKey", ValidationErrors.Pattern(HashKeys.HashKeyPattern));
    }

    /// <summary>
    /// The stream's maximum record size (1 MiB unless UpdateMaxRecordSize raised it). Data alone over it is worded as the
    /// model's length constraint, as AWS worded it when 1 MiB was the model's bound; data that fits but not with its
    /// partition key is an InvalidArgumentException.
    /// </summary>
    static Rejection? CheckRecordSize(RecordShape record, int maxRecordSizeKiB, string streamName, string dataPath)
    {
        long max = maxRecordSizeKiB * 1024L;
        if (record.DataLength > max)
            return ValidationErrors.One(ValidationErrors.Blob(record.DataLength), dataPath, ValidationErrors.MaxLength(max));
        var size = RecordSize(record.DataLength, record.PartitionKey!);
        return size > max
            ? new Rejection(ErrorCode.InvalidArgument,
                $"Record size {size} bytes (data plus partition key) exceeds the maximum record size of {max} bytes for {InAccount(streamName)}.")
            : null;
    }

    public static Rejection StreamNotFound(string streamName) =>
        new(ErrorCode.ResourceNotFound, $"Stream {streamName} under account {Account.Id} not found.");

    public static Rejection StreamExists(string streamName) =>
        new(ErrorCode.ResourceInUse, $"Stream {streamName} under account {Account.Id} already exists.");

    /// <summary>Resharding and retention changes need an ACTIVE stream; <paramref name="status"/> is CREATING, UPDATING or DELETING.</summary>
    public static Rejection StreamNotActive(string streamName, string status) =>
        new(ErrorCode.ResourceInUse, $"Stream {streamName} under account {Account.Id} not ACTIVE, instead in state {status}");

    /// <summary>A reshard asked of an on-demand stream: those APIs are "only supported for the data streams with the provisioned capacity mode".</summary>
    public static Rejection NotInOnDemandMode(string reshardKind, string streamName)
    {
        var operation = reshardKind switch { ReshardStream.Split => "SplitShard", ReshardStream.Merge => "MergeShards", _ => "UpdateShardCount" };
        return new(ErrorCode.InvalidArgument, $"{operation} is not supported for {InAccount(streamName)}: it is in ON_DEMAND capacity mode, which manages its shards.");
    }

    /// <summary>SplitShard's and MergeShards' wording for a shard the stream does not have.</summary>
    public static Rejection ShardNotFound(string shardId, string streamName) =>
        new(ErrorCode.ResourceNotFound, $"Could not find shard {shardId} in {InAccount(streamName)}.");

    /// <summary>GetShardIterator's wording for a shard the stream does not have.</summary>
    public static Rejection ShardDoesNotExist(string shardId, string streamName) =>
        new(ErrorCode.ResourceNotFound, $"Shard {shardId} in {InAccount(streamName)} does not exist");

    static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
