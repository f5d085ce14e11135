namespace Shoal.Actors.Topics;

/// <summary>How the delay grows across the backoff phase, from minDelayTarget to maxDelayTarget.</summary>
public enum BackoffFunction { Linear, Arithmetic, Geometric, Exponential }

/// <summary>
/// A healthyRetryPolicy: numRetries retries after the first attempt, in four phases (immediate, then at
/// minDelayTarget, then backing off from minDelayTarget to maxDelayTarget, then at maxDelayTarget), the
/// backoff phase taking what the other three leave. Delays in seconds.
/// </summary>
public sealed record RetryPolicy(
    int MinDelayTarget,
    int MaxDelayTarget,
    int NumRetries,
    int NumNoDelayRetries = 0,
    int NumMinDelayRetries = 0,
    int NumMaxDelayRetries = 0,
    BackoffFunction BackoffFunction = BackoffFunction.Linear)
{
    /// <summary>AWS's HTTP/S default: 3 retries 20 seconds apart.</summary>
    public static RetryPolicy HttpDefault { get; } = new(MinDelayTarget: 20, MaxDelayTarget: 20, NumRetries: 3);

    /// <summary>
    /// What SNS uses for the endpoints AWS runs (SQS, Lambda), which no policy can change: 3 immediately,
    /// 2 a second apart, 10 backing off from 1 to 20 seconds, then 100,000 20 seconds apart (23 days).
    /// </summary>
    public static RetryPolicy AwsManagedEndpoint { get; } = new(
        MinDelayTarget: 1, MaxDelayTarget: 20, NumRetries: 100_015,
        NumNoDelayRetries: 3, NumMinDelayRetries: 2, NumMaxDelayRetries: 100_000, BackoffFunction: BackoffFunction.Exponential);

    public int NumBackoffRetries => NumRetries - NumNoDelayRetries - NumMinDelayRetries - NumMaxDelayRetries;
}

/// <summary>
/// A DeliveryPolicy that <see cref="DeliveryPolicyRules.Validate"/> accepted, of a topic (its "http"
/// defaults and disableSubscriptionOverrides) or of a subscription; a part left out is null. Keep the
/// policy's JSON as the entity's state and validate it again to get one back.
/// </summary>
public sealed record DeliveryPolicy(
    RetryPolicy? HealthyRetryPolicy,
    int? MaxReceivesPerSecond,
    string? HeaderContentType,
    bool DisableSubscriptionOverrides = false)
{
    /// <summary>
    /// What an HTTP/S subscription is delivered with: each part from the subscription's own policy, unless
    /// the topic disables subscription overrides, else from the topic's, else AWS's default.
    /// </summary>
    public static EffectiveDeliveryPolicy Effective(DeliveryPolicy? subscription, DeliveryPolicy? topic)
    {
        var own = topic is { DisableSubscriptionOverrides: true } ? null : subscription;
        return new EffectiveDeliveryPolicy(
            own?.HealthyRetryPolicy ?? topic?.HealthyRetryPolicy ?? RetryPolicy.HttpDefault,
            own?.MaxReceivesPerSecond ?? topic?.MaxReceivesPerSecond,
            own?.HeaderContentType ?? topic?.HeaderContentType ?? EffectiveDeliveryPolicy.DefaultHeaderContentType);
    }
}

/// <summary>The policy one HTTP/S delivery follows; no MaxReceivesPerSecond means no throttling.</summary>
public sealed record EffectiveDeliveryPolicy(RetryPolicy HealthyRetryPolicy, int? MaxReceivesPerSecond, string HeaderContentType)
{
    public const string DefaultHeaderContentType = "text/plain; charset=UTF-8";

    public static EffectiveDeliveryPolicy HttpDefault { get; } = new(RetryPolicy.HttpDefault, null, DefaultHeaderContentType);
}
