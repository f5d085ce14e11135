using Shoal.Actors.Common;

namespace Shoal.Api.Protocols;

/// <summary>Kinesis's error shapes: a 400 with {"__type": Shape, "message": ...}, which every client raises as its typed exception.</summary>
public static class KinesisErrors
{
    public static readonly AwsError ResourceNotFound = Shape("ResourceNotFoundException");
    public static readonly AwsError ResourceInUse = Shape("ResourceInUseException");
    public static readonly AwsError InvalidArgument = Shape("InvalidArgumentException");
    public static readonly AwsError LimitExceeded = Shape("LimitExceededException");
    public static readonly AwsError ExpiredIterator = Shape("ExpiredIteratorException");
    public static readonly AwsError ProvisionedThroughputExceeded = Shape("ProvisionedThroughputExceededException");
    public static readonly AwsError Validation = Shape("ValidationException");
    public static readonly AwsError Serialization = Shape("SerializationException");
    public static readonly AwsError UnknownOperation = Shape("UnknownOperationException");
    public static readonly AwsError ServiceUnavailable = new("ServiceUnavailable", "ServiceUnavailable", 503, SenderFault: false);
    public static readonly AwsError InternalFailure = new("InternalFailure", "InternalFailure", 500, SenderFault: false);

    static AwsError Shape(string shape) => new(shape, shape, 400);

    public static AwsError Of(ErrorCode code) => code switch
    {
        ErrorCode.ResourceNotFound => ResourceNotFound,
        ErrorCode.ResourceInUse => ResourceInUse,
        ErrorCode.InvalidArgument or ErrorCode.InvalidParameterValue or ErrorCode.InvalidParameter => InvalidArgument,
        ErrorCode.LimitExceeded => LimitExceeded,
        ErrorCode.ExpiredIterator => ExpiredIterator,
        ErrorCode.ProvisionedThroughputExceeded => ProvisionedThroughputExceeded,
        ErrorCode.Validation or ErrorCode.MissingParameter => Validation,
        ErrorCode.ServiceUnavailable => ServiceUnavailable,
        _ => InternalFailure,
    };
}
