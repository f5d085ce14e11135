using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shoal.Actors.Common;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Actors.Queues;

/// <summary>What FIFO queues add to the queue rules: their attributes, group and deduplication ids, ordered receive.</summary>
public static class FifoRules
{
    public const string Suffix = ".fifo";
    public const string ContentBasedDeduplication = "ContentBasedDeduplication";
    public const string DeduplicationScope = "DeduplicationScope";
    public const string FifoThroughputLimit = "FifoThroughputLimit";
    /// <summary>A deduplication id seen within this window makes a send a no-op.</summary>
    public const long DeduplicationWindowMs = 300_000;
    const int MaxIdLength = 128;

    /// <summary>Defaults a FIFO queue reports; standard queues reject these attributes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [ContentBasedDeduplication] = "false",
        [DeduplicationScope] = "queue",
        [FifoThroughputLimit] = "perQueue",
    };

    static readonly Dictionary<string, string[]> Values = new()
    {
        [ContentBasedDeduplication] = ["true", "false"],
        [DeduplicationScope] = ["messageGroup", "queue"],
        [FifoThroughputLimit] = ["perQueue", "perMessageGroupId"],
    };

    public static bool IsFifoAttribute(string name) => Defaults.ContainsKey(name);

    /// <summary>A name ending in .fifo and FifoQueue=true go together.</summary>
    public static Rejection? ValidateCreate(string name, IReadOnlyDictionary<string, string> attributes)
    {
        var fifo = attributes.GetValueOrDefault(R.FifoQueue) == "true";
        if (name.EndsWith(Suffix, StringComparison.Ordinal) && !fifo)
            return new Rejection(ErrorCode.InvalidParameterValue,
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length. Set the FifoQueue attribute to true to create a FIFO queue.");
        if (fifo && !name.EndsWith(Suffix, StringComparison.Ordinal))
            return new Rejection(ErrorCode.InvalidParameterValue, "The name of a FIFO queue must end with the .fifo suffix.");
        return ValidateAttributes(attributes, fifo, Defaults.GetValueOrDefault);
    }

    /// <summary>
    /// Checks the FIFO-only attributes among <paramref name="changes"/>; <paramref name="current"/> gives the
    /// queue's values for those not being changed, since the throughput limit depends on the scope.
    /// </summary>
    public static Rejection? ValidateAttributes(IReadOnlyDictionary<string, string> changes, bool isFifo, Func<string, string?> current)
    {
        foreach (var (name, value) in changes)
        {
            if (!IsFifoAttribute(name)) continue;
            if (!isFifo) return new Rejection(ErrorCode.InvalidAttributeName, $"Unknown Attribute {name}.");
            if (!Values[name].Contains(value))
                return new Rejection(ErrorCode.InvalidAttributeValue, $"Invalid value for the parameter {name}.");
        }
        if (!isFifo) return null;
        string Effective(string name) => changes.GetValueOrDefault(name) ?? current(name) ?? Defaults[name];
        if (Effective(FifoThroughputLimit) == "perMessageGroupId" && Effective(DeduplicationScope) != "messageGroup")
            return new Rejection(ErrorCode.InvalidAttributeValue,
                $"Invalid value for the parameter {FifoThroughputLimit}. Reason: perMessageGroupId requires {DeduplicationScope}=messageGroup.");
        return null;
    }

    /// <summary>The ids a FIFO batch must carry on every entry: without them SQS refuses the whole request.</summary>
    public static Rejection? ValidateBatchIds(QueueState state, IReadOnlyList<SendEntry> entries)
    {
        if (entries.Any(e => e.MessageGroupId is null))
            return new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter MessageGroupId.");
        if (!state.ContentBasedDeduplication && entries.Any(e => e.MessageDeduplicationId is null))
            return new Rejection(ErrorCode.InvalidParameterValue,
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        return null;
    }

    /// <summary>What a send to a FIFO queue must carry, beyond what every message must.</summary>
    public static Rejection? ValidateEntry(QueueState state, SendEntry entry)
    {
        if (entry.MessageGroupId is null)
            return new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter MessageGroupId.");
        if (!IsValidId(entry.MessageGroupId))
            return InvalidId("MessageGroupId", entry.MessageGroupId);
        if (entry.MessageDeduplicationId is null && !state.ContentBasedDeduplication)
            return new Rejection(ErrorCode.InvalidParameterValue,
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        if (entry.MessageDeduplicationId is { } id && !IsValidId(id))
            return InvalidId("MessageDeduplicationId", id);
        // SQS takes DelaySeconds=0 (some clients always send it) and refuses any other value.
        if (entry.DelaySeconds is not null and not 0)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {entry.DelaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
        return null;
    }

    /// <summary>Standard queues take a MessageGroupId (the fair-queue tenant, same format) but have no deduplication.</summary>
    public static Rejection? ValidateStandardEntry(SendEntry entry)
    {
        if (entry.MessageDeduplicationId is not null)
            return new Rejection(ErrorCode.InvalidParameterValue,
                "Value for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.");
        return entry.MessageGroupId is { } group && !IsValidId(group) ? InvalidId("MessageGroupId", group) : null;
    }

    /// <summary>1 to 128 characters, each alphanumeric or punctuation (!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~).</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || (c < 0x7F && char.IsPunctuation(c)) || (c < 0x7F && char.IsSymbol(c)));

    static Rejection InvalidId(string parameter, string value) =>
        new(ErrorCode.InvalidParameterValue,
            $"Value {value} for parameter {parameter} is invalid. Reason: It can only contain alphanumeric characters and punctuation, at most {MaxIdLength} long.");

    /// <summary>The explicit deduplication id, else the SHA-256 of the body (content-based deduplication).</summary>
    public static string DeduplicationId(SendEntry entry) =>
        entry.MessageDeduplicationId ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Body ?? "")));

    /// <summary>Deduplication ids are unique per queue, or per group when DeduplicationScope=messageGroup.</summary>
    public static string DeduplicationKey(bool perGroup, string? groupId, string deduplicationId) =>
        perGroup ? groupId + "\n" + deduplicationId : deduplicationId;

    /// <summary>SequenceNumber as SQS shows it: a decimal string, growing per queue.</summary>
    public static string SequenceNumber(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    public static Rejection? ValidateAttemptId(string id) =>
        IsValidId(id) ? null : InvalidId("ReceiveRequestAttemptId", id);

    /// <summary>
    /// The messages of an earlier receive with this attempt id, if all are still in flight from that very
    /// receive and untouched since (none deleted, received again or given another visibility timeout);
    /// otherwise a retry is a new receive. Unlike SQS, a retry does not restart the visibility timeout.
    /// </summary>
    public static List<StoredMessage>? RetriedAttempt(QueueState state, string attemptId, long now)
    {
        if (state.FindAttempt(attemptId, now) is not { } attempt) return null;
        var messages = new List<StoredMessage>(attempt.Sequences.Count);
        foreach (var sequence in attempt.Sequences)
        {
            if (state.Find(sequence) is not { } message || !message.IsInFlight(now)
                || message.LastReceivedAt != attempt.At || message.VisibleAt != attempt.VisibleAt) return null;
            messages.Add(message);
        }
        return messages;
    }

    /// <summary>
    /// Up to <paramref name="max"/> receivable messages. Groups come in the order of their oldest message,
    /// each with as many of its messages as the receive takes, as SQS does (other consumers get the other
    /// groups); a group's run stops at its first message still in flight or delayed, and a group whose oldest
    /// message is hidden gives none, so each group is consumed strictly in order. A message due for the
    /// dead-letter queue is set aside into <paramref name="deadLetters"/> (when given) and ends its group's run:
    /// the group waits until it has left.
    /// </summary>
    public static List<StoredMessage> Pick(QueueState state, int max, long now, List<long>? deadLetters = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var picked = new List<StoredMessage>(max);
        foreach (var head in state.BySequence())
        {
            if (picked.Count == max) break;
            if (state.IsExpired(head, now)) continue;
            // Every FIFO message has a group; its oldest unexpired message decides for the whole group.
            var group = head.Message.MessageGroupId!;
            if (!seen.Add(group) || !head.IsVisible(now)) continue;
            foreach (var message in state.GroupFrom(group, head.Sequence))
            {
                if (picked.Count == max) break;
                if (state.IsExpired(message, now)) continue;
                if (!message.IsVisible(now)) break;
                if (deadLetters is not null && state.ShouldDeadLetter(message, now))
                {
                    if (deadLetters.Count < QueueDecider.MaxDeadLettersPerReceive) deadLetters.Add(message.Sequence);
                    break;
                }
                picked.Add(message);
            }
        }
        return picked;
    }
}
