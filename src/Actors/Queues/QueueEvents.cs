namespace Shoal.Actors.Queues;

/// <summary>
/// Everything a queue persists. Names are past tense and frozen once shipped: the
/// serializer's manifests (Persistence/Manifests.cs) name them in stored rows.
/// </summary>
public interface IQueueEvent;

public sealed record QueueCreated(
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags,
    long At) : IQueueEvent;

public sealed record QueueAttributesSet(IReadOnlyDictionary<string, string> Attributes, long At) : IQueueEvent;

public sealed record QueueTagged(IReadOnlyDictionary<string, string> Tags) : IQueueEvent;

public sealed record QueueUntagged(IReadOnlyList<string> TagKeys) : IQueueEvent;

/// <summary>A message accepted by the queue, visible from VisibleAt (its delay); Moved set when another queue moved it here.</summary>
public sealed record MessageSent(QueueMessage Message, long VisibleAt, MoveReceipt? Moved = null) : IQueueEvent;

/// <summary>Messages handed to a consumer at At, hidden until VisibleAt; AttemptId is a FIFO ReceiveRequestAttemptId.</summary>
public sealed record MessagesReceived(IReadOnlyList<long> Sequences, long At, long VisibleAt, string? AttemptId = null) : IQueueEvent;

public sealed record MessageDeleted(long Sequence) : IQueueEvent;

public sealed record MessageVisibilityChanged(long Sequence, long VisibleAt) : IQueueEvent;

public sealed record QueuePurged(long At) : IQueueEvent;

public sealed record MessagesExpired(IReadOnlyList<long> Sequences) : IQueueEvent;

public sealed record QueueDeleted(long At) : IQueueEvent;

/// <summary>FIFO deduplication and receive attempt ids recorded a window (5 minutes) or more before At are forgotten.</summary>
public sealed record FifoIdsExpired(long At) : IQueueEvent;

/// <summary>Messages handed to another queue (dead letters, or a move task's batch): parked until it confirms.</summary>
public sealed record MessagesMoving(IReadOnlyList<long> Sequences, string DestinationQueueId, string? TaskId) : IQueueEvent;

/// <summary>The destination committed the messages: they leave this queue.</summary>
public sealed record MessagesMoved(IReadOnlyList<long> Sequences, string? TaskId) : IQueueEvent;

/// <summary>The destination refused the messages (gone, wrong type, not allowed): they are visible here again at At.</summary>
public sealed record MessagesMoveRefused(IReadOnlyList<long> Sequences, string? TaskId, string Reason, long At) : IQueueEvent;

public sealed record MoveTaskStarted(MoveTask Task) : IQueueEvent;

public sealed record MoveTaskEnded(string TaskId, MoveTaskStatus Status, string? FailureReason, long At) : IQueueEvent;
