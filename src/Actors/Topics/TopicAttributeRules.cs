using System.Text.Json.Nodes;
using Shoal.Actors.Common;

namespace Shoal.Actors.Topics;

/// <summary>A topic's names, ARNs and settable attributes, as SNS checks them.</summary>
public static class TopicAttributeRules
{
    public const string FifoSuffix = ".fifo";
    public const string DisplayName = "DisplayName";
    public const string Policy = "Policy";
    public const string DeliveryPolicy = "DeliveryPolicy";
    public const string FifoTopic = "FifoTopic";
    public const string ContentBasedDeduplication = "ContentBasedDeduplication";
    public const string FifoThroughputScope = "FifoThroughputScope";
    public const string SignatureVersion = "SignatureVersion";
    public const string KmsMasterKeyId = "KmsMasterKeyId";
    public const string TracingConfig = "TracingConfig";
    const int MaxNameLength = 256;
    const int MaxDisplayNameLength = 100;

    /// <summary>Settable on any topic; the delivery-status logging attributes (…FeedbackRoleArn, …SampleRate) too.</summary>
    static readonly HashSet<string> Settable = [DisplayName, Policy, DeliveryPolicy, SignatureVersion, KmsMasterKeyId, TracingConfig, "DataProtectionPolicy"];

    /// <summary>Settable on FIFO topics only.</summary>
    static readonly HashSet<string> FifoOnly = [ContentBasedDeduplication, FifoThroughputScope, "ArchivePolicy"];

    public static string Arn(string name) => $"arn:aws:sns:{Account.Region}:{Account.Id}:{name}";

    /// <summary>The topic name an ARN of this account and region names, or null.</summary>
    public static string? NameOf(string? arn)
    {
        var prefix = $"arn:aws:sns:{Account.Region}:{Account.Id}:";
        if (arn is null || !arn.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var name = arn[prefix.Length..];
        return name.Length > 0 && !name.Contains(':') ? name : null;
    }

    public static bool IsFifoName(string name) => name.EndsWith(FifoSuffix, StringComparison.Ordinal);

    /// <summary>1–256 letters, digits, hyphens and underscores; a FIFO topic's name ends in .fifo, and only a FIFO topic's.</summary>
    public static Rejection? ValidateName(string? name, bool fifo)
    {
        if (string.IsNullOrEmpty(name)) return Invalid("Topic Name");
        var stem = IsFifoName(name) ? name[..^FifoSuffix.Length] : name;
        var wellFormed = name.Length <= MaxNameLength && stem.Length > 0 && stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        if (fifo != IsFifoName(name) || (fifo && !wellFormed))
            return new Rejection(ErrorCode.InvalidParameter,
                "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
        return wellFormed ? null : Invalid("Topic Name");
    }

    /// <summary>Attributes given to CreateTopic: FifoTopic may only be given there.</summary>
    public static Rejection? ValidateCreate(IReadOnlyDictionary<string, string> attributes, bool fifo)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == FifoTopic)
            {
                if (value is not ("true" or "false")) return Invalid($"Attributes Reason: FifoTopic: Invalid value [{value}] for FifoTopic");
                continue;
            }
            if (Validate(name, value, fifo, "Attributes Reason: ") is { } bad) return bad;
        }
        return null;
    }

    /// <summary>One attribute of SetTopicAttributes (or CreateTopic, with its prefix).</summary>
    public static Rejection? Validate(string name, string value, bool fifo, string prefix = "")
    {
        if (!Settable.Contains(name) && !IsDeliveryStatusAttribute(name) && !(fifo && FifoOnly.Contains(name)))
            return Invalid(prefix.Length > 0 ? $"{prefix}Unknown attribute {name}" : "AttributeName");
        return name switch
        {
            DisplayName when value.Length > MaxDisplayNameLength => Invalid($"{prefix}DisplayName"),
            Policy when value.Length > 0 && !IsJsonObject(value) => Invalid($"{prefix}Policy: failed to parse JSON."),
            DeliveryPolicy when value.Length > 0 && DeliveryPolicyRules.Validate(value, forTopic: true, inAttributesMap: prefix.Length > 0).Rejection is { } bad => bad,
            SignatureVersion when value is not ("1" or "2") => Invalid($"{prefix}SignatureVersion"),
            TracingConfig when value is not ("PassThrough" or "Active") => Invalid($"{prefix}TracingConfig"),
            ContentBasedDeduplication when value is not ("true" or "false") => Invalid($"{prefix}ContentBasedDeduplication"),
            FifoThroughputScope when value is not ("Topic" or "MessageGroup") => Invalid($"{prefix}FifoThroughputScope"),
            _ => null,
        };
    }

    static bool IsDeliveryStatusAttribute(string name) =>
        name.EndsWith("FeedbackRoleArn", StringComparison.Ordinal) || name.EndsWith("SuccessFeedbackSampleRate", StringComparison.Ordinal);

    static bool IsJsonObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The policy every new topic has: the owner may do everything.</summary>
    public static string DefaultPolicy(string topicArn) => new JsonObject
    {
        ["Version"] = "2008-10-17",
        ["Id"] = "__default_policy_ID",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "__default_statement_ID",
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = "*" },
            ["Action"] = new JsonArray("SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"),
            ["Resource"] = topicArn,
            ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["AWS:SourceOwner"] = Account.Id } },
        }),
    }.ToJsonString();

    public static Rejection Invalid(string what) => new(ErrorCode.InvalidParameter, $"Invalid parameter: {what}");
}
