using Shoal.Actors.Queues;

namespace Shoal.Api.Protocols;

/// <summary>Decoding shared by both protocols.</summary>
public static class Codecs
{
    public static MessageAttributeValue AttributeValue(string name, string? dataType, string? stringValue, string? binaryValue)
    {
        if (string.IsNullOrEmpty(dataType))
            throw new ApiException(AwsErrors.InvalidParameterValue, $"The message attribute '{name}' must contain non-empty message attribute type.");
        if (!dataType.StartsWith("Binary", StringComparison.Ordinal))
            return new MessageAttributeValue(dataType, stringValue);
        try
        {
            return new MessageAttributeValue(dataType, BinaryValue: binaryValue is null ? null : Convert.FromBase64String(binaryValue));
        }
        catch (FormatException)
        {
            throw new ApiException(AwsErrors.InvalidParameterValue, $"The message attribute '{name}' has an invalid base64 binary value.");
        }
    }
}
