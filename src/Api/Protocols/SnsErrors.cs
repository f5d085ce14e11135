using Shoal.Actors.Common;

namespace Shoal.Api.Protocols;

/// <summary>
/// SNS's error table: the codes its Query replies carry (botocore's SNS model maps each to an exception,
/// e.g. NotFound → NotFoundException), with their HTTP status. SNS has no JSON shapes, so Shape is the code.
/// </summary>
public static class SnsErrors
{
    public static readonly AwsError NotFound = Code("NotFound", 404);
    public static readonly AwsError InvalidParameter = Code("InvalidParameter", 400);
    public static readonly AwsError ParameterValueInvalid = Code("ParameterValueInvalid", 400);
    public static readonly AwsError ResourceNotFound = Code("ResourceNotFound", 404);
    public static readonly AwsError SubscriptionLimitExceeded = Code("SubscriptionLimitExceeded", 403);
    public static readonly AwsError TagLimitExceeded = Code("TagLimitExceeded", 400);
    public static readonly AwsError EmptyBatchRequest = Code("EmptyBatchRequest", 400);
    public static readonly AwsError TooManyEntriesInBatchRequest = Code("TooManyEntriesInBatchRequest", 400);
    public static readonly AwsError BatchEntryIdsNotDistinct = Code("BatchEntryIdsNotDistinct", 400);
    public static readonly AwsError InvalidBatchEntryId = Code("InvalidBatchEntryId", 400);
    public static readonly AwsError BatchRequestTooLong = Code("BatchRequestTooLong", 400);
    public static readonly AwsError InvalidAction = Code("InvalidAction", 400);
    public static readonly AwsError MissingParameter = Code("MissingParameter", 400);
    public static readonly AwsError Throttled = Code("Throttled", 429);
    public static readonly AwsError ServiceUnavailable = new("ServiceUnavailable", "ServiceUnavailable", 503, SenderFault: false);
    public static readonly AwsError InternalError = new("InternalError", "InternalError", 500, SenderFault: false);

    static AwsError Code(string code, int status) => new(code, code, status);

    public static AwsError Of(ErrorCode code) => code switch
    {
        ErrorCode.NotFound => NotFound,
        // SNS names every bad parameter InvalidParameter, the entities' generic codes included.
        ErrorCode.InvalidParameter or ErrorCode.InvalidParameterValue or ErrorCode.InvalidAttributeName or ErrorCode.InvalidAttributeValue => InvalidParameter,
        ErrorCode.MissingParameter => MissingParameter,
        ErrorCode.ResourceNotFound => ResourceNotFound,
        ErrorCode.SubscriptionLimitExceeded => SubscriptionLimitExceeded,
        ErrorCode.TagLimitExceeded => TagLimitExceeded,
        ErrorCode.EmptyBatchRequest => EmptyBatchRequest,
        ErrorCode.TooManyEntriesInBatchRequest => TooManyEntriesInBatchRequest,
        ErrorCode.BatchEntryIdsNotDistinct => BatchEntryIdsNotDistinct,
        ErrorCode.InvalidBatchEntryId => InvalidBatchEntryId,
        ErrorCode.BatchRequestTooLong => BatchRequestTooLong,
        ErrorCode.ServiceUnavailable => ServiceUnavailable,
        _ => InternalError,
    };
}
