using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>What a published message must be: its size, subject, attributes and, on FIFO topics, its ids.</summary>
public static class PublishRules
{
    /// <summary>SNS's default maximum: body and message attributes (names, types and values) together.</summary>
    public const int MaxMessageBytes = 262_144;
    public const int MaxBatchEntries = 10;
    const int MaxSubjectLength = 100;
    const int MaxAttributes = 10;
    const int MaxAttributeNameLength = 256;
    const int MaxIdLength = 128;

    public static Rejection? Validate(TopicState state, PublishEntry entry)
    {
        if (string.IsNullOrEmpty(entry.Message)) return Invalid("Invalid parameter: Empty message");
        if (Size(entry) > MaxMessageBytes) return Invalid("Invalid parameter: Message too long");
        if (entry.Subject is { } subject
            && (subject.Length is 0 or > MaxSubjectLength || subject.Any(c => c is '\r' or '\n' || c > 127 || char.IsControl(c))))
            return Invalid("Invalid parameter: Subject");
        if (entry.MessageStructure is { } structure)
        {
            if (structure != "json") return Invalid("Invalid parameter: MessageStructure");
            if (MessageStructureRules.Validate(entry.Message).Rejection is { } badStructure) return badStructure;
        }
        if (ValidateAttributes(entry.Attributes) is { } badAttribute) return badAttribute;
        return state.IsFifo ? ValidateFifo(state, entry) : ValidateStandard(entry);
    }

    /// <summary>The bytes a message counts against the limit: body, then each attribute's name, type and value.</summary>
    public static int Size(PublishEntry entry) =>
        Encoding.UTF8.GetByteCount(entry.Message ?? "") + MessageRules.Size("", entry.Attributes);

    static Rejection? ValidateAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count > MaxAttributes)
            return Invalid($"Invalid parameter: Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        foreach (var (name, value) in attributes)
        {
            if (name.Length is 0 or > MaxAttributeNameLength || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..")
                || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
                || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
                return Invalid($"Invalid parameter: Message attribute name '{name}' has an invalid character or is reserved.");
            var type = value.DataType;
            if (!(type.StartsWith("String", StringComparison.Ordinal) || type.StartsWith("Number", StringComparison.Ordinal) || value.IsBinary))
                return Invalid($"Invalid parameter: The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            if (value.IsBinary ? value.BinaryValue is not { Length: > 0 } : string.IsNullOrEmpty(value.StringValue))
                return Invalid($"Invalid parameter: The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{type}'.");
            if (type.StartsWith("Number", StringComparison.Ordinal)
                && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return Invalid($"Invalid parameter: Could not cast message attribute '{name}' value to number.");
            if (type == "String.Array" && !IsJsonArray(value.StringValue!))
                return Invalid($"Invalid parameter: Message attribute '{name}' of type String.Array must be a JSON array.");
        }
        return null;
    }

    static Rejection? ValidateStandard(PublishEntry entry)
    {
        if (entry.MessageDeduplicationId is not null)
            return Invalid("Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        // A group id on a standard topic is carried to fair queues (2025); it is checked like a FIFO one.
        return entry.MessageGroupId is { } group && !IsValidId(group)
            ? Invalid("Invalid parameter: MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
            : null;
    }

    static Rejection? ValidateFifo(TopicState state, PublishEntry entry)
    {
        if (entry.MessageGroupId is not { } group)
            return Invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
        if (!IsValidId(group))
            return Invalid("Invalid parameter: MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        if (entry.MessageDeduplicationId is { } id && !IsValidId(id))
            return Invalid("Invalid parameter: MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        if (entry.MessageDeduplicationId is null && !state.ContentBasedDeduplication)
            return Invalid("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        return null;
    }

    /// <summary>The id a FIFO message is deduplicated by: its own, or the SHA-256 of its body under content-based deduplication.</summary>
    public static string DeduplicationId(PublishEntry entry) =>
        entry.MessageDeduplicationId ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Message ?? "")));

    static bool IsValidId(string id) => id.Length is > 0 and <= MaxIdLength && id.All(c => c is >= '!' and <= '~');

    static bool IsJsonArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static Rejection Invalid(string message) => new(ErrorCode.InvalidParameter, message);
}
