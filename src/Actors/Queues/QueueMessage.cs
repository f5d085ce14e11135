namespace Shoal.Actors.Queues;

/// <summary>A user or system message attribute. Binary values are raw bytes; others are text.</summary>
public sealed record MessageAttributeValue(string DataType, string? StringValue = null, byte[]? BinaryValue = null)
{
    public bool IsBinary => DataType.StartsWith("Binary", StringComparison.Ordinal);
}

/// <summary>
/// What a producer sent: immutable once accepted. The group id is a FIFO group or, on a standard queue,
/// a fair-queue tenant; the deduplication id is set on FIFO queues only; DeadLetterSourceArn on a message
/// a source queue moved here after too many receives.
/// </summary>
public sealed record QueueMessage(
    long Sequence,
    string MessageId,
    string Body,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    IReadOnlyDictionary<string, MessageAttributeValue> SystemAttributes,
    string SenderId,
    long SentAt,
    string Md5OfBody,
    string? Md5OfAttributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null,
    string? DeadLetterSourceArn = null);

/// <summary>A message's delivery state inside the queue: changes with each receive.</summary>
public sealed class StoredMessage(QueueMessage message, long visibleAt)
{
    public QueueMessage Message { get; } = message;
    public long Sequence => Message.Sequence;
    /// <summary>When the message can next be received (after its delay or its visibility timeout).</summary>
    public long VisibleAt { get; set; } = visibleAt;
    public int ReceiveCount { get; set; }
    public long FirstReceivedAt { get; set; }
    /// <summary>The latest receive: a visibility timeout may not reach past 12 hours from it.</summary>
    public long LastReceivedAt { get; set; }
    /// <summary>The queue this message is being handed to (dead-lettered or redriven), until it confirms.</summary>
    public string? MovingTo { get; set; }
    /// <summary>The move task handing it over; null for a dead-letter move.</summary>
    public string? MoveTask { get; set; }

    /// <summary>Where a message in hand-off waits: never visible, so it is neither received nor counted as visible.</summary>
    public const long Parked = long.MaxValue;

    public bool IsVisible(long now) => VisibleAt <= now;
    public bool IsInFlight(long now) => ReceiveCount > 0 && VisibleAt > now;
    public bool IsDelayed(long now) => ReceiveCount == 0 && VisibleAt > now;
}
