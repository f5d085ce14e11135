using Shoal.Actors.Common;
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
/// <param name="Resent">A second copy of a send whose first may have been lost with a broker (<see cref="IResendable"/>).</param>
public sealed record SendMessages(string QueueId, IReadOnlyList<SendEntry> Entries, bool IsBatch, string SenderId, bool Resent = false)
    : IQueueCommand, IResendable
{
    public object AsResent() => this with { Resent = true };
}

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

/// <summary>A message handed from one queue to another; Key names it in its source, so a repeated hand-off stores it once.</summary>
public sealed record MovedMessage(string Key, string MessageId, QueueMessage Message);

/// <summary>
/// Sent by a source queue to its dead-letter queue (IsDeadLetter), or by a dead-letter queue's move task
/// to the destination. Accepted means committed; the source then forgets the messages.
/// </summary>
public sealed record AcceptMovedMessages(string QueueId, string SourceArn, bool IsDeadLetter, IReadOnlyList<MovedMessage> Messages) : IQueueCommand;

/// <summary>
/// Notifications an SNS topic delivers to this queue (its subscriber): each stored once per key (a retried
/// delivery adds nothing) and, on a FIFO queue, once per deduplication id within the window, as a send would be.
/// Accepted means committed; the topic then records the delivery.
/// </summary>
public sealed record AcceptNotifications(string QueueId, string TopicArn, IReadOnlyList<MovedMessage> Messages) : IQueueCommand;

/// <summary>StartMessageMoveTask on this queue, the source. DestinationArn null: back to each message's source queue.</summary>
public sealed record StartMoveTask(string QueueId, string TaskId, string? DestinationArn, int? MaxPerSecond) : IQueueCommand;

public sealed record ListMoveTasks(string QueueId, int MaxResults) : IQueueCommand;

public sealed record CancelMoveTask(string QueueId, string TaskId) : IQueueCommand;

/// <summary>Sent by the entity to itself: move the running task's next batch.</summary>
public sealed record PumpMoveTask(string QueueId) : IQueueCommand;

/// <summary>Sent by the entity to itself once the target answered a hand-off; Refusal null means accepted.</summary>
public sealed record HandOffAnswered(string QueueId, IReadOnlyList<long> Sequences, string DestinationQueueId, string? TaskId, Common.Rejection? Refusal)
    : IQueueCommand;
