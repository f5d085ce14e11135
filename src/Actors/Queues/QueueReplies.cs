namespace Shoal.Actors.Queues;

public sealed record CreateQueueResult(string Name);

public sealed record GetQueueResult(string Name);

public sealed record Done;

public sealed record QueueAttributesResult(IReadOnlyDictionary<string, string> Attributes);

public sealed record TagsResult(IReadOnlyDictionary<string, string> Tags);

/// <summary>One batch entry that was rejected; the others may still succeed.</summary>
public sealed record EntryFailure(string Id, Common.ErrorCode Code, string Message, bool SenderFault = true);

public sealed record SentEntry(string Id, string MessageId, string Md5OfBody, string? Md5OfAttributes, string? Md5OfSystemAttributes,
    string? SequenceNumber = null);

public sealed record SendResult(IReadOnlyList<SentEntry> Successful, IReadOnlyList<EntryFailure> Failed);

public sealed record ReceivedMessage(QueueMessage Message, string ReceiptHandle, int ReceiveCount, long FirstReceivedAt);

public sealed record ReceiveResult(IReadOnlyList<ReceivedMessage> Messages)
{
    public static readonly ReceiveResult Empty = new([]);
}

/// <summary>Per-entry outcome of DeleteMessage(Batch) and ChangeMessageVisibility(Batch).</summary>
public sealed record EntriesResult(IReadOnlyList<string> Successful, IReadOnlyList<EntryFailure> Failed);

public sealed record MovedMessagesAccepted(int Count);

public sealed record MoveTaskStartedResult(string TaskId);

public sealed record MoveTaskList(IReadOnlyList<MoveTaskView> Tasks);

public sealed record MoveTaskCancelled(long Moved);
