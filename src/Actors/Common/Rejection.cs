namespace Shoal.Actors.Common;

/// <summary>
/// The errors an entity can answer with. Each name is the AWS error shape name;
/// the API maps it to the wire (legacy query code, HTTP status) in one table.
/// </summary>
public enum ErrorCode
{
    QueueDoesNotExist,
    QueueNameExists,
    InvalidAttributeName,
    InvalidAttributeValue,
    InvalidParameterValue,
    MissingParameter,
    InvalidMessageContents,
    ReceiptHandleIsInvalid,
    MessageNotInflight,
    PurgeQueueInProgress,
    OverLimit,
    QueueDeletedRecently,
    EmptyBatchRequest,
    TooManyEntriesInBatchRequest,
    BatchEntryIdsNotDistinct,
    InvalidBatchEntryId,
    BatchRequestTooLong,
    UnsupportedOperation,
    ServiceUnavailable,
    ResourceNotFound,
    RequestThrottled,
    /// <summary>SNS's one shape for a bad parameter ("Invalid parameter: ..."), e.g. a rejected FilterPolicy.</summary>
    InvalidParameter,
    /// <summary>SNS: the topic or subscription does not exist (404).</summary>
    NotFound,
    SubscriptionLimitExceeded,
    TagLimitExceeded,
    /// <summary>Kinesis: the stream is not ACTIVE (being created, updated or deleted).</summary>
    ResourceInUse,
    /// <summary>Kinesis: a shard quota (per stream, per account, per UpdateShardCount call) would be exceeded.</summary>
    LimitExceeded,
    /// <summary>Kinesis: a shard iterator older than its 5 minutes.</summary>
    ExpiredIterator,
    /// <summary>Kinesis: a shard's read or write throughput was exceeded; the SDKs retry it.</summary>
    ProvisionedThroughputExceeded,
    /// <summary>Kinesis's one shape for a bad argument that passed the model's constraints (InvalidArgumentException).</summary>
    InvalidArgument,
    /// <summary>A request member broke the service model's constraints ("1 validation error detected: ...").</summary>
    Validation,
}

/// <summary>A rejected command: errors are data, replied like any other answer.</summary>
public sealed record Rejection(ErrorCode Code, string Message);
