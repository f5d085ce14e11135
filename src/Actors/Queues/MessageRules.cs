using System.Globalization;
using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>What SQS accepts in a message: body characters, attributes, size and delay.</summary>
public static class MessageRules
{
    public const int MaxAttributes = 10;
    const int MaxAttributeNameLength = 256;
    const int MaxDataTypeLength = 256;

    /// <summary>SQS allows #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.</summary>
    public static Rejection? ValidateBody(string? body)
    {
        if (body is null)
            return new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter MessageBody.");
        if (body.Length == 0)
            return new Rejection(ErrorCode.InvalidParameterValue, "The request must contain the parameter MessageBody.");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
            {
                i++;
                continue;
            }
            return new Rejection(ErrorCode.InvalidMessageContents,
                $"Invalid binary character '#x{(int)c:X}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
        }
        return null;
    }

    public static Rejection? ValidateDelay(int? delaySeconds) =>
        delaySeconds is < 0 or > 900
            ? new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {delaySeconds} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.")
            : null;

    /// <summary>Body plus every attribute's name, type and value, in UTF-8 bytes, as SQS counts them.</summary>
    public static int Size(string body, IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        var size = Encoding.UTF8.GetByteCount(body);
        foreach (var (name, value) in attributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType);
            size += value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? "");
        }
        return size;
    }

    public static Rejection? ValidateSize(int size, int maximumMessageSize) =>
        size > maximumMessageSize
            ? new Rejection(ErrorCode.InvalidParameterValue,
                $"One or more parameters are invalid. Reason: Message must be shorter than {maximumMessageSize} bytes.")
            : null;

    public static Rejection? ValidateAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count > MaxAttributes)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        foreach (var (name, value) in attributes)
        {
            if (NameProblem(name) is { } problem)
                return new Rejection(ErrorCode.InvalidParameterValue, $"Message (user) attribute name '{name}' {problem}");
            if (ValueProblem(name, value) is { } failure)
                return failure;
        }
        return null;
    }

    /// <summary>Only AWSTraceHeader exists as a system attribute a producer can set.</summary>
    public static Rejection? ValidateSystemAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (name != "AWSTraceHeader")
                return new Rejection(ErrorCode.InvalidParameterValue,
                    $"Message system attribute name '{name}' is invalid.");
            if (value.DataType != "String" || string.IsNullOrEmpty(value.StringValue))
                return new Rejection(ErrorCode.InvalidParameterValue,
                    "Message system attribute 'AWSTraceHeader' must be a non-empty value of type 'String'.");
        }
        return null;
    }

    static string? NameProblem(string name)
    {
        if (name.Length == 0 || name.Length > MaxAttributeNameLength)
            return $"must be between 1 and {MaxAttributeNameLength} characters long.";
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            return "can only contain alphanumeric characters, hyphens (-), underscores (_), or periods (.).";
        if (name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
            return "must not start or end with a period (.), or have multiple periods in succession (..).";
        if (name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
            return "must not start with AWS-reserved prefixes 'AWS.' or 'Amazon.'.";
        return null;
    }

    static Rejection? ValueProblem(string name, MessageAttributeValue value)
    {
        var type = value.DataType;
        var baseType = type.Split('.', 2)[0];
        if (type.Length == 0 || type.Length > MaxDataTypeLength || baseType is not ("String" or "Number" or "Binary")
            || ValidateBody(type) is not null
            || (type.Length > baseType.Length && type.Length == baseType.Length + 1))
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        if (baseType == "Binary")
            return value.BinaryValue is { Length: > 0 }
                ? null
                : new Rejection(ErrorCode.InvalidParameterValue,
                    $"Message (user) attribute '{name}' must contain a non-empty value of type 'Binary'.");
        if (string.IsNullOrEmpty(value.StringValue))
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Message (user) attribute '{name}' must contain a non-empty value of type '{baseType}'.");
        if (ValidateBody(value.StringValue) is not null)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Message (user) attribute '{name}' contains characters outside the allowed set.");
        if (baseType == "Number" && !IsSqsNumber(value.StringValue))
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Can't cast the value of message (user) attribute '{name}' to a number.");
        return null;
    }

    /// <summary>SQS numbers: up to 38 significant digits, magnitude between 10^-128 and 10^+126.</summary>
    public static bool IsSqsNumber(string text)
    {
        if (!text.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or '.' or 'e' or 'E')) return false;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
            return false;
        var mantissa = text.Split('e', 'E')[0].Replace(".", "").TrimStart('-', '+').TrimStart('0');
        var magnitude = Math.Abs(value);
        // A non-zero mantissa that parses to 0 underflowed: far below 10^-128.
        if ((magnitude == 0 && mantissa.Length > 0) || (magnitude != 0 && (magnitude < 1e-128 || magnitude > 1e126))) return false;
        return mantissa.Length <= 38;
    }
}
