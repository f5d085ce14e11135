namespace Shoal.Actors.Queues;

/// <summary>Every command to a queue names its entity, so the shard extractor is one line.</summary>
public interface IQueueCommand
{
    string QueueId { get; }
}

public sealed record CreateQueue(
    string QueueId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags) : IQueueCommand;

public sealed record DeleteQueue(string QueueId) : IQueueCommand;

/// <summary>Asks whether the queue exists (GetQueueUrl).</summary>
public sealed record GetQueue(string QueueId) : IQueueCommand;

public sealed record GetQueueAttributes(string QueueId, IReadOnlyList<string> Names) : IQueueCommand;

public sealed record SetQueueAttributes(string QueueId, IReadOnlyDictionary<string, string> Attributes) : IQueueCommand;

/// <summary>MessageId is chosen by the caller, which keeps the rules free of randomness.</summary>
public sealed record SendEntry(
    string Id,
    string MessageId,
    string? Body,
    int? DelaySeconds,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    IReadOnlyDictionary<string, MessageAttributeValue> SystemAttributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);

/// <summary>SendMessage is a batch of one without the batch-level checks.</summary>
public sealed record SendMessages(string QueueId, IReadOnlyList<SendEntry> Entries, bool IsBatch, string SenderId) : IQueueCommand;

public sealed record ReceiveMessages(
    string QueueId,
    int MaxNumberOfMessages,
    int? VisibilityTimeout,
    int? WaitTimeSeconds,
    string? ReceiveRequestAttemptId = null) : IQueueCommand;

public sealed record ReceiptEntry(string Id, string ReceiptHandle);

public sealed record DeleteMessages(string QueueId, IReadOnlyList<ReceiptEntry> Entries, bool IsBatch) : IQueueCommand;

public sealed record VisibilityEntry(string Id, string ReceiptHandle, int VisibilityTimeout);

public sealed record ChangeVisibility(string QueueId, IReadOnlyList<VisibilityEntry> Entries, bool IsBatch) : IQueueCommand;

public sealed record PurgeQueue(string QueueId) : IQueueCommand;

public sealed record TagQueue(string QueueId, IReadOnlyDictionary<string, string> Tags) : IQueueCommand;

public sealed record UntagQueue(string QueueId, IReadOnlyList<string> TagKeys) : IQueueCommand;

public sealed record ListQueueTags(string QueueId) : IQueueCommand;

public sealed record AddPermission(string QueueId, string Label, IReadOnlyList<string> AccountIds, IReadOnlyList<string> Actions) : IQueueCommand;

public sealed record RemovePermission(string QueueId, string Label) : IQueueCommand;

/// <summary>Sent by the entity to itself: drop messages past their retention period.</summary>
public sealed record ExpireMessages(string QueueId) : IQueueCommand;
