using Shoal.Actors.Common;

namespace Shoal.Api.Protocols;

/// <summary>Firehose's error shapes: like Kinesis's, a 400 with {"__type": Shape, "message": ...} and no namespace prefix.</summary>
public static class FirehoseErrors
{
    public static readonly AwsError ResourceNotFound = Shape("ResourceNotFoundException");
    public static readonly AwsError ResourceInUse = Shape("ResourceInUseException");
    public static readonly AwsError InvalidArgument = Shape("InvalidArgumentException");
    public static readonly AwsError LimitExceeded = Shape("LimitExceededException");
    public static readonly AwsError Validation = Shape("ValidationException");
    public static readonly AwsError Serialization = Shape("SerializationException");
    public static readonly AwsError UnknownOperation = Shape("UnknownOperationException");
    public static readonly AwsError ServiceUnavailable = new("ServiceUnavailableException", "ServiceUnavailableException", 503, SenderFault: false);
    public static readonly AwsError InternalFailure = new("InternalFailure", "InternalFailure", 500, SenderFault: false);

    static AwsError Shape(string shape) => new(shape, shape, 400);

    public static AwsError Of(ErrorCode code) => code switch
    {
        ErrorCode.ResourceNotFound => ResourceNotFound,
        ErrorCode.ResourceInUse => ResourceInUse,
        ErrorCode.InvalidArgument or ErrorCode.InvalidParameterValue or ErrorCode.InvalidParameter => InvalidArgument,
        ErrorCode.LimitExceeded => LimitExceeded,
        ErrorCode.Validation or ErrorCode.MissingParameter => Validation,
        ErrorCode.ServiceUnavailable => ServiceUnavailable,
        _ => InternalFailure,
    };
}
