using System.Globalization;
using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>The rules of enhanced fan-out consumers and their subscriptions: names, ARNs, limits and AWS's wording.</summary>
public static class ConsumerRules
{
    /// <summary>Registered consumers per stream (the Kinesis quotas page).</summary>
    public const int MaxConsumersPerStream = 20;

    public const int MaxListResults = 10_000;

    /// <summary>A subscription ends after five minutes; the consumer subscribes again from its ContinuationSequenceNumber.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A consumer's share of a shard: 2 MiB/s of records, whatever the other consumers read.</summary>
    public const long ReadBytesPerSecond = 2 * 1024 * 1024;

    const string Marker = "/consumer/";

    /// <summary>{stream ARN}/consumer/{name}:{creation epoch seconds}, as AWS forms it.</summary>
    public static string Arn(string streamName, string consumerName, long createdAtMs) =>
        $"{StreamRules.Arn(streamName)}{Marker}{consumerName}:{(createdAtMs / 1000).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The stream and consumer a ConsumerARN of this account and region names, or null.</summary>
    public static (string StreamName, string ConsumerName)? ParseArn(string? arn)
    {
        if (arn is null) return null;
        var marker = arn.IndexOf(Marker, StringComparison.Ordinal);
        var colon = arn.LastIndexOf(':');
        if (marker < 0 || colon < marker) return null;
        var stream = StreamRules.NameOfArn(arn[..marker]);
        var consumer = arn[(marker + Marker.Length)..colon];
        var seconds = arn[(colon + 1)..];
        return stream is not null && StreamRules.IsStreamName(consumer) && seconds.Length > 0 && seconds.All(char.IsAsciiDigit)
            ? (stream, consumer)
            : null;
    }

    /// <summary>The model's constraints on ConsumerName: those of a stream name.</summary>
    public static Rejection? ValidateName(string? name) => StreamRules.ValidateStreamName(name, "consumerName");

    public static Rejection? ValidateArn(string? arn) =>
        arn is null ? ValidationErrors.One(null, "consumerARN", ValidationErrors.NotNull)
        : ParseArn(arn) is null ? ValidationErrors.One(arn, "consumerARN", ValidationErrors.Pattern(@"^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+"))
        : null;

    public static Rejection Exists(string consumerName, string streamName) =>
        new(ErrorCode.ResourceInUse, $"Consumer {consumerName} under {StreamRules.InAccount(streamName)} already exists.");

    public static Rejection NotFound(string consumer, string streamName) =>
        new(ErrorCode.ResourceNotFound, $"Consumer {consumer} under {StreamRules.InAccount(streamName)} not found.");

    public static Rejection TooMany(string streamName) =>
        new(ErrorCode.LimitExceeded, $"{StreamRules.InAccount(streamName)} has reached the limit of {MaxConsumersPerStream} registered consumers.");

    /// <summary>SubscribeToShard needs an ACTIVE consumer.</summary>
    public static Rejection NotActive(string consumerArn, string status) =>
        new(ErrorCode.ResourceInUse, $"Consumer {consumerArn} is not ACTIVE, instead in state {status}.");

    /// <summary>One subscription per consumer and shard at a time.</summary>
    public static Rejection AlreadySubscribed(string consumerArn, string shardId) =>
        new(ErrorCode.ResourceInUse, $"Another active subscription exists for consumer {consumerArn} and shard {shardId}.");
}
