using Shoal.Actors.Common;

namespace Shoal.Api.Protocols;

/// <summary>
/// One AWS error on the wire: the shape name JSON clients map to an exception class, the
/// legacy code Query clients (and x-amzn-query-error) carry, the HTTP status and who is at fault.
/// </summary>
public sealed record AwsError(string Shape, string QueryCode, int Status, bool SenderFault = true);

/// <summary>The one table of errors the API returns (aws-wire.md §4).</summary>
public static class AwsErrors
{
    public static readonly AwsError QueueDoesNotExist = new("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400);
    public static readonly AwsError QueueNameExists = new("QueueNameExists", "QueueAlreadyExists", 400);
    public static readonly AwsError QueueDeletedRecently = new("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400);
    public static readonly AwsError PurgeQueueInProgress = new("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403);
    public static readonly AwsError OverLimit = new("OverLimit", "OverLimit", 403);
    /// <summary>
    /// Over a throttled queue's quota. The SQS models name the shape RequestThrottled (AWSSDK.SQS raises
    /// RequestThrottledException); the JS v3 model gives its query code and status as ("RequestThrottled", 403),
    /// and botocore retries it as throttling (RequestThrottled is in its throttled error codes, and its legacy
    /// _retry.json matches RequestThrottled with 403). AWS's troubleshooting guide calls it ThrottlingException,
    /// a name no SQS model has.
    /// </summary>
    public static readonly AwsError RequestThrottled = new("RequestThrottled", "RequestThrottled", 403);
    public static readonly AwsError MessageNotInflight = new("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400);
    public static readonly AwsError UnsupportedOperation = new("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400);
    public static readonly AwsError BatchEntryIdsNotDistinct = new("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400);
    public static readonly AwsError BatchRequestTooLong = new("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400);
    public static readonly AwsError EmptyBatchRequest = new("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400);
    public static readonly AwsError InvalidBatchEntryId = new("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400);
    public static readonly AwsError TooManyEntriesInBatchRequest = new("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400);
    public static readonly AwsError ReceiptHandleIsInvalid = new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400);
    public static readonly AwsError InvalidAttributeName = new("InvalidAttributeName", "InvalidAttributeName", 400);
    public static readonly AwsError InvalidAttributeValue = new("InvalidAttributeValue", "InvalidAttributeValue", 400);
    public static readonly AwsError InvalidMessageContents = new("InvalidMessageContents", "InvalidMessageContents", 400);
    public static readonly AwsError InvalidParameterValue = new("InvalidParameterValue", "InvalidParameterValue", 400);
    public static readonly AwsError MissingParameter = new("MissingParameter", "MissingParameter", 400);
    public static readonly AwsError InvalidAction = new("InvalidAction", "InvalidAction", 400);
    public static readonly AwsError MalformedRequest = new("SerializationException", "MalformedQueryString", 400);
    public static readonly AwsError UnknownOperation = new("UnknownOperationException", "InvalidAction", 400);
    public static readonly AwsError ResourceNotFound = new("ResourceNotFoundException", "ResourceNotFoundException", 404);
    public static readonly AwsError ServiceUnavailable = new("ServiceUnavailable", "ServiceUnavailable", 503, SenderFault: false);
    public static readonly AwsError InternalFailure = new("InternalFailure", "InternalFailure", 500, SenderFault: false);

    public static AwsError Of(ErrorCode code) => code switch
    {
        ErrorCode.QueueDoesNotExist => QueueDoesNotExist,
        ErrorCode.QueueNameExists => QueueNameExists,
        ErrorCode.QueueDeletedRecently => QueueDeletedRecently,
        ErrorCode.PurgeQueueInProgress => PurgeQueueInProgress,
        ErrorCode.MessageNotInflight => MessageNotInflight,
        ErrorCode.OverLimit => OverLimit,
        ErrorCode.RequestThrottled => RequestThrottled,
        ErrorCode.UnsupportedOperation => UnsupportedOperation,
        ErrorCode.BatchEntryIdsNotDistinct => BatchEntryIdsNotDistinct,
        ErrorCode.BatchRequestTooLong => BatchRequestTooLong,
        ErrorCode.EmptyBatchRequest => EmptyBatchRequest,
        ErrorCode.InvalidBatchEntryId => InvalidBatchEntryId,
        ErrorCode.TooManyEntriesInBatchRequest => TooManyEntriesInBatchRequest,
        ErrorCode.ReceiptHandleIsInvalid => ReceiptHandleIsInvalid,
        ErrorCode.InvalidAttributeName => InvalidAttributeName,
        ErrorCode.InvalidAttributeValue => InvalidAttributeValue,
        ErrorCode.InvalidMessageContents => InvalidMessageContents,
        ErrorCode.InvalidParameterValue => InvalidParameterValue,
        ErrorCode.MissingParameter => MissingParameter,
        ErrorCode.ServiceUnavailable => ServiceUnavailable,
        ErrorCode.ResourceNotFound => ResourceNotFound,
        _ => InternalFailure,
    };
}

/// <summary>Bad input found while decoding a request, before any entity sees it.</summary>
public sealed class ApiException(AwsError error, string message) : Exception(message)
{
    public AwsError Error { get; } = error;

    public static ApiException From(Rejection failure) => new(AwsErrors.Of(failure.Code), failure.Message);
}
