using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>Which endpoints may subscribe to a topic, and the attributes a subscription may carry.</summary>
public static class SubscriptionRules
{
    public const string Sqs = "sqs";
    public const string Http = "http";
    public const string Https = "https";
    public const string RawMessageDelivery = "RawMessageDelivery";
    public const string FilterPolicy = "FilterPolicy";
    public const string FilterPolicyScope = "FilterPolicyScope";
    public const string RedrivePolicy = "RedrivePolicy";
    public const string DeliveryPolicy = "DeliveryPolicy";
    public const string SubscriptionRoleArn = "SubscriptionRoleArn";
    public const string ReplayPolicy = "ReplayPolicy";

    static readonly HashSet<string> Settable = [RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy, DeliveryPolicy, SubscriptionRoleArn];

    /// <summary>Protocols AWS offers that have no local meaning here: refused with a message naming what is served.</summary>
    static readonly HashSet<string> Unserved = ["email", "email-json", "sms", "lambda", "application", "firehose"];

    public static string Arn(string topicArn, string subscriptionId) => $"{topicArn}:{subscriptionId}";

    /// <summary>The topic name and subscription id an ARN names, or null.</summary>
    public static (string Topic, string Id)? Parse(string? subscriptionArn)
    {
        if (subscriptionArn is null) return null;
        var colon = subscriptionArn.LastIndexOf(':');
        if (colon < 0) return null;
        var topic = TopicAttributeRules.NameOf(subscriptionArn[..colon]);
        var id = subscriptionArn[(colon + 1)..];
        return topic is null || id.Length == 0 ? null : (topic, id);
    }

    /// <summary>The protocol and endpoint of a Subscribe, for a standard or FIFO topic.</summary>
    public static Rejection? ValidateEndpoint(string protocol, string? endpoint, bool fifoTopic)
    {
        if (Unserved.Contains(protocol))
            return Invalid($"Invalid parameter: Protocol Reason: {protocol} endpoints are not available in Shoal; it delivers to sqs, http and https");
        if (protocol is not (Sqs or Http or Https))
            return Invalid($"Invalid parameter: Amazon SNS does not support this protocol string: {protocol}");
        if (string.IsNullOrEmpty(endpoint))
            return Invalid("Invalid parameter: Endpoint");
        if (protocol == Sqs)
        {
            var queue = QueueNameOf(endpoint);
            if (queue is null) return Invalid("Invalid parameter: SQS endpoint ARN");
            if (!fifoTopic && queue.EndsWith(FifoRules.Suffix, StringComparison.Ordinal))
                return Invalid("Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
            return null;
        }
        if (fifoTopic) return Invalid($"Invalid parameter: Invalid protocol type: {protocol}");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != protocol)
            return Invalid("Invalid parameter: Endpoint must match the specified protocol");
        return null;
    }

    /// <summary>The queue an SQS endpoint ARN names (any region or account is taken as this one's).</summary>
    public static string? QueueNameOf(string endpoint)
    {
        var parts = endpoint.Split(':');
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "sqs" && parts[5].Length > 0 ? parts[5] : null;
    }

    /// <summary>
    /// One subscription attribute, set at Subscribe (prefixed "Attributes Reason: ") or by SetSubscriptionAttributes.
    /// The filter policy is checked against the scope it will have: the one being set with it, or the current one.
    /// </summary>
    public static Rejection? Validate(string name, string value, string protocol, string? scope, bool atSubscribe)
    {
        var prefix = atSubscribe ? "Attributes Reason: " : "";
        if (!Settable.Contains(name) && name != ReplayPolicy)
            return Invalid(atSubscribe ? $"Invalid parameter: Attributes Reason: Unknown attribute {name}" : "Invalid parameter: AttributeName");
        switch (name)
        {
            case RawMessageDelivery when value is not ("true" or "false"):
                return Invalid($"Invalid parameter: {prefix}RawMessageDelivery: Invalid value [{value}]. Must be true or false.");
            case RawMessageDelivery when protocol is not (Sqs or Http or Https):
                return Invalid($"Invalid parameter: {prefix}Delivery protocol [{protocol}] does not support raw message delivery.");
            case FilterPolicyScope when value is not ("MessageAttributes" or "MessageBody"):
                return Invalid($"Invalid parameter: {prefix}FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes");
            case FilterPolicy when value.Length > 0:
                return FilterPolicyRules.Validate(value, ScopeOf(scope),
                    atSubscribe ? FilterPolicySource.SubscribeAttributes : FilterPolicySource.SetSubscriptionAttributes).Rejection;
            case RedrivePolicy when value.Length > 0 && DeadLetterQueueOf(value) is null:
                return Invalid($"Invalid parameter: {prefix}RedrivePolicy: deadLetterTargetArn is missing or is not an SQS queue ARN");
            case DeliveryPolicy when value.Length > 0 && protocol is not (Http or Https):
                return Invalid($"Invalid parameter: {prefix}DeliveryPolicy: Delivery protocol [{protocol}] does not support delivery policies");
            case DeliveryPolicy when value.Length > 0 && DeliveryPolicyRules.Validate(value, forTopic: false, inAttributesMap: atSubscribe).Rejection is { } bad:
                return bad;
        }
        return null;
    }

    public static FilterPolicyScope ScopeOf(string? scope) =>
        scope == "MessageBody" ? Topics.FilterPolicyScope.MessageBody : Topics.FilterPolicyScope.MessageAttributes;

    /// <summary>The dead-letter queue a subscription's RedrivePolicy names: {"deadLetterTargetArn": "arn:aws:sqs:…"}.</summary>
    public static string? DeadLetterQueueOf(string? redrivePolicy)
    {
        if (string.IsNullOrEmpty(redrivePolicy)) return null;
        try
        {
            using var document = JsonDocument.Parse(redrivePolicy);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("deadLetterTargetArn", out var target)
                   && target.ValueKind == JsonValueKind.String
                ? QueueNameOf(target.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Endpoints that must confirm before anything is delivered to them.</summary>
    public static bool NeedsConfirmation(string protocol) => protocol is Http or Https;

    static Rejection Invalid(string message) => new(ErrorCode.InvalidParameter, message);
}
