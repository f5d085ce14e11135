using System.Globalization;
using System.Text.Json;
using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>The queue attributes SQS lets users set, their ranges and defaults.</summary>
public static class QueueAttributeRules
{
    public const string DelaySeconds = "DelaySeconds";
    public const string MaximumMessageSize = "MaximumMessageSize";
    public const string MessageRetentionPeriod = "MessageRetentionPeriod";
    public const string Policy = "Policy";
    public const string ReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds";
    public const string VisibilityTimeout = "VisibilityTimeout";
    public const string RedrivePolicy = "RedrivePolicy";
    public const string RedriveAllowPolicy = "RedriveAllowPolicy";
    public const string KmsMasterKeyId = "KmsMasterKeyId";
    public const string KmsDataKeyReusePeriodSeconds = "KmsDataKeyReusePeriodSeconds";
    public const string SqsManagedSseEnabled = "SqsManagedSseEnabled";
    public const string FifoQueue = "FifoQueue";

    // Read-only attributes, computed on request.
    public const string ApproximateNumberOfMessages = "ApproximateNumberOfMessages";
    public const string ApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible";
    public const string ApproximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed";
    public const string CreatedTimestamp = "CreatedTimestamp";
    public const string LastModifiedTimestamp = "LastModifiedTimestamp";
    public const string QueueArn = "QueueArn";

    public const int MaxMessageSizeLimit = 1_048_576;

    /// <summary>Defaults a new standard queue reports (SQS-managed SSE is on by default since 2023).</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [DelaySeconds] = "0",
        [MaximumMessageSize] = "1048576",
        [MessageRetentionPeriod] = "345600",
        [ReceiveMessageWaitTimeSeconds] = "0",
        [VisibilityTimeout] = "30",
        [SqsManagedSseEnabled] = "true",
    };

    static readonly Dictionary<string, (long Min, long Max)> Ranges = new()
    {
        [DelaySeconds] = (0, 900),
        [MaximumMessageSize] = (1024, MaxMessageSizeLimit),
        [MessageRetentionPeriod] = (60, 1_209_600),
        [ReceiveMessageWaitTimeSeconds] = (0, 20),
        [VisibilityTimeout] = (0, 43_200),
        [KmsDataKeyReusePeriodSeconds] = (60, 86_400),
    };

    static readonly HashSet<string> Settable =
    [
        DelaySeconds, MaximumMessageSize, MessageRetentionPeriod, Policy, ReceiveMessageWaitTimeSeconds,
        VisibilityTimeout, RedrivePolicy, RedriveAllowPolicy, KmsMasterKeyId, KmsDataKeyReusePeriodSeconds,
        SqsManagedSseEnabled,
    ];

    public static readonly IReadOnlyList<string> ReadOnly =
    [
        ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible, ApproximateNumberOfMessagesDelayed,
        CreatedTimestamp, LastModifiedTimestamp, QueueArn,
    ];

    /// <summary>Every name GetQueueAttributes understands; "All" expands to those the queue has.</summary>
    public static bool IsKnown(string name) =>
        Settable.Contains(name) || ReadOnly.Contains(name) || name == FifoQueue || FifoRules.IsFifoAttribute(name);

    /// <summary>
    /// Checks attributes given to CreateQueue or SetQueueAttributes; null when all are valid.
    /// The FIFO-only ones are left to <see cref="FifoRules.ValidateAttributes"/>.
    /// </summary>
    public static Rejection? Validate(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (FifoRules.IsFifoAttribute(name)) continue;
            if (name == FifoQueue)
            {
                if (value is "true" or "false") continue;
                return InvalidValue(name);
            }
            if (!Settable.Contains(name))
                return new Rejection(ErrorCode.InvalidAttributeName, $"Unknown Attribute {name}.");
            if (Ranges.TryGetValue(name, out var range))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || number < range.Min || number > range.Max)
                    return InvalidValue(name);
                continue;
            }
            var failure = name switch
            {
                SqsManagedSseEnabled when value is not ("true" or "false") => InvalidValue(name),
                Policy when value.Length > 0 && !IsJsonObject(value) => InvalidValue(name),
                RedriveAllowPolicy when value.Length > 0 && !RedriveRules.IsValidAllowPolicy(value) => InvalidValue(name),
                RedrivePolicy when value.Length > 0 => RedriveRules.ValidatePolicy(value),
                _ => null,
            };
            if (failure is not null) return failure;
        }
        return EncryptionRules.Validate(attributes);
    }

    static Rejection InvalidValue(string name) =>
        new(ErrorCode.InvalidAttributeValue, $"Invalid value for the parameter {name}.");

    static bool IsJsonObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Queue names: 1–80 characters of letters, digits, hyphens and underscores, the .fifo suffix included.</summary>
    public static Rejection? ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter QueueName.");
        var stem = name.EndsWith(FifoRules.Suffix, StringComparison.Ordinal) ? name[..^FifoRules.Suffix.Length] : name;
        if (name.Length > 80 || stem.Length == 0 || !stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return new Rejection(ErrorCode.InvalidParameterValue,
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        return null;
    }

    public static string Arn(string name) => $"arn:aws:sqs:{Account.Region}:{Account.Id}:{name}";
}
