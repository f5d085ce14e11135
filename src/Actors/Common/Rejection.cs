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
}

/// <summary>A rejected command: errors are data, replied like any other answer.</summary>
public sealed record Rejection(ErrorCode Code, string Message);
