using System.Globalization;
using System.Text.Json;
using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>A queue's RedrivePolicy: where its messages go after too many receives.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, string DeadLetterTargetName, int MaxReceiveCount);

/// <summary>
/// Dead-letter rules: the RedrivePolicy of a source queue, the RedriveAllowPolicy of its target, and
/// what a message looks like once moved. Pure; the queue entity and the API apply them.
/// </summary>
public static class RedriveRules
{
    public const int MinReceiveCount = 1;
    public const int MaxReceiveCount = 1000;
    public const int MaxSourceQueueArns = 10;
    /// <summary>After a move the target refused, receives deliver as usual for a while instead of retrying each time.</summary>
    public const long BlockedAfterRefusalMs = 60_000;

    const string AllowAll = "allowAll";
    const string DenyAll = "denyAll";
    const string ByQueue = "byQueue";

    /// <summary>The policy, or null when the text is not a valid RedrivePolicy (or is empty: no policy).</summary>
    public static RedrivePolicy? ParsePolicy(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("deadLetterTargetArn", out var arn) || arn.ValueKind != JsonValueKind.String) return null;
            if (!root.TryGetProperty("maxReceiveCount", out var count)) return null;
            var max = count.ValueKind switch
            {
                JsonValueKind.Number when count.TryGetInt32(out var n) => n,
                JsonValueKind.String when int.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => 0,
            };
            if (max is < MinReceiveCount or > MaxReceiveCount) return null;
            var target = arn.GetString()!;
            return new RedrivePolicy(target, QueueNameOf(target) ?? "", max);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why a RedrivePolicy is invalid, in SQS's words (InvalidParameterValue); null when <see cref="ParsePolicy"/> takes it.</summary>
    public static Rejection? ValidatePolicy(string text)
    {
        if (ParsePolicy(text) is not null) return null;
        Rejection Invalid(string reason) => new(ErrorCode.InvalidParameterValue, $"Value {text} for parameter RedrivePolicy is invalid. Reason: {reason}");
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Invalid("Redrive policy is not a dict or valid json.");
            if (!root.TryGetProperty("deadLetterTargetArn", out var arn) || arn.ValueKind != JsonValueKind.String)
                return Invalid("Redrive policy does not contain deadLetterTargetArn.");
            if (!root.TryGetProperty("maxReceiveCount", out var count)) return Invalid("Redrive policy does not contain maxReceiveCount.");
            return Invalid($"Invalid value for maxReceiveCount: {(count.ValueKind == JsonValueKind.String ? count.GetString() : count.GetRawText())}, valid values are from {MinReceiveCount} to {MaxReceiveCount} both inclusive.");
        }
        catch (JsonException)
        {
            return Invalid("Redrive policy is not a dict or valid json.");
        }
    }

    /// <summary>The queue an SQS ARN of this account and region names, or null for any other ARN.</summary>
    public static string? QueueNameOf(string arn)
    {
        var prefix = QueueAttributeRules.Arn("");
        if (!arn.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var name = arn[prefix.Length..];
        return QueueAttributeRules.ValidateName(name) is null ? name : null;
    }

    public static bool IsFifoName(string name) => name.EndsWith(FifoRules.Suffix, StringComparison.Ordinal);

    /// <summary>RedriveAllowPolicy: redrivePermission allowAll, denyAll, or byQueue with 1–10 sourceQueueArns.</summary>
    public static bool IsValidAllowPolicy(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (!root.TryGetProperty("redrivePermission", out var permission) || permission.ValueKind != JsonValueKind.String) return false;
            var hasSources = root.TryGetProperty("sourceQueueArns", out var sources);
            return permission.GetString() switch
            {
                AllowAll or DenyAll => !hasSources,
                ByQueue => hasSources && sources.ValueKind == JsonValueKind.Array
                    && sources.GetArrayLength() is >= 1 and <= MaxSourceQueueArns
                    && sources.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether a queue with this RedriveAllowPolicy (none means allowAll) takes dead letters from the source.</summary>
    public static bool Allows(string? allowPolicy, string sourceArn)
    {
        if (string.IsNullOrEmpty(allowPolicy)) return true;
        using var doc = JsonDocument.Parse(allowPolicy);
        var root = doc.RootElement;
        return root.GetProperty("redrivePermission").GetString() switch
        {
            AllowAll => true,
            ByQueue => root.GetProperty("sourceQueueArns").EnumerateArray().Any(s => s.GetString() == sourceArn),
            _ => false,
        };
    }

    /// <summary>
    /// Checks a RedrivePolicy against its target, as SQS does when the policy is set: the target must
    /// exist, be of the same type (FIFO for FIFO), and allow this source. Null when it may be used.
    /// </summary>
    /// <param name="targetAllowPolicy">The target's RedriveAllowPolicy; <paramref name="targetExists"/> false when there is no such queue.</param>
    public static Rejection? ValidateTarget(string sourceName, string policyText, RedrivePolicy policy, bool targetExists, string? targetAllowPolicy)
    {
        Rejection Invalid(string reason) => new(ErrorCode.InvalidParameterValue,
            $"Value {policyText} for parameter RedrivePolicy is invalid. Reason: {reason}");
        if (!targetExists || policy.DeadLetterTargetName.Length == 0)
            return Invalid("Dead letter target does not exist.");
        if (IsFifoName(sourceName) != IsFifoName(policy.DeadLetterTargetName))
            return Invalid("Dead-letter queue must be same type of queue as the source.");
        if (!Allows(targetAllowPolicy, QueueAttributeRules.Arn(sourceName)))
            return Invalid($"Queue {policy.DeadLetterTargetArn} does not allow this queue to use it as a dead-letter queue.");
        return null;
    }

    /// <summary>
    /// A message as its target stores it. Dead letters keep their MessageId, and on standard queues
    /// their first enqueue time (retention counts from it); on FIFO queues the enqueue time restarts and
    /// the deduplication id becomes the MessageId, so two dead letters never deduplicate each other.
    /// Redriven messages are new messages: a new MessageId and enqueue time.
    /// </summary>
    public static QueueMessage Arrived(MovedMessage moved, bool deadLetter, string sourceArn, bool fifo, long sequence, long now)
    {
        var original = moved.Message;
        return original with
        {
            Sequence = sequence,
            MessageId = moved.MessageId,
            SentAt = deadLetter && !fifo ? original.SentAt : now,
            MessageDeduplicationId = fifo ? moved.MessageId : null,
            DeadLetterSourceArn = deadLetter ? sourceArn : null,
        };
    }
}
