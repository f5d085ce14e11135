using System.Text.Json.Nodes;

namespace Shoal.Actors.Topics;

/// <summary>
/// The policy an HTTP/S delivery follows, from the DeliveryPolicy attributes as stored (JSON, validated when
/// set), and the EffectiveDeliveryPolicy attributes SNS reports for topics and subscriptions.
/// </summary>
public static class EffectiveDeliveryPolicies
{
    /// <summary>The policy of one HTTP/S subscription: its own, the topic's defaults, else AWS's.</summary>
    public static EffectiveDeliveryPolicy For(string? topicPolicy, string? subscriptionPolicy) =>
        DeliveryPolicy.Effective(Read(subscriptionPolicy, forTopic: false), Read(topicPolicy, forTopic: true));

    /// <summary>A topic's EffectiveDeliveryPolicy: its "http" defaults with AWS's filling what it leaves out.</summary>
    public static string TopicJson(string? topicPolicy)
    {
        var topic = Read(topicPolicy, forTopic: true);
        var effective = DeliveryPolicy.Effective(null, topic);
        var http = new JsonObject
        {
            ["defaultHealthyRetryPolicy"] = RetryJson(effective.HealthyRetryPolicy),
            ["disableSubscriptionOverrides"] = topic?.DisableSubscriptionOverrides ?? false,
        };
        if (effective.MaxReceivesPerSecond is { } rate) http["defaultThrottlePolicy"] = new JsonObject { ["maxReceivesPerSecond"] = rate };
        http["defaultRequestPolicy"] = new JsonObject { ["headerContentType"] = effective.HeaderContentType };
        return new JsonObject { ["http"] = http }.ToJsonString();
    }

    /// <summary>An HTTP/S subscription's EffectiveDeliveryPolicy.</summary>
    public static string SubscriptionJson(string? topicPolicy, string? subscriptionPolicy)
    {
        var effective = For(topicPolicy, subscriptionPolicy);
        var json = new JsonObject { ["healthyRetryPolicy"] = RetryJson(effective.HealthyRetryPolicy) };
        if (effective.MaxReceivesPerSecond is { } rate) json["throttlePolicy"] = new JsonObject { ["maxReceivesPerSecond"] = rate };
        json["requestPolicy"] = new JsonObject { ["headerContentType"] = effective.HeaderContentType };
        return json.ToJsonString();
    }

    static DeliveryPolicy? Read(string? json, bool forTopic) =>
        string.IsNullOrEmpty(json) ? null : DeliveryPolicyRules.Validate(json, forTopic).Policy;

    static JsonObject RetryJson(RetryPolicy retry) => new()
    {
        ["minDelayTarget"] = retry.MinDelayTarget,
        ["maxDelayTarget"] = retry.MaxDelayTarget,
        ["numRetries"] = retry.NumRetries,
        ["numMaxDelayRetries"] = retry.NumMaxDelayRetries,
        ["numNoDelayRetries"] = retry.NumNoDelayRetries,
        ["numMinDelayRetries"] = retry.NumMinDelayRetries,
        ["backoffFunction"] = retry.BackoffFunction.ToString().ToLowerInvariant(),
    };
}
