namespace Shoal.Actors.Streams;

/// <summary>Every command to a stream shard names its entity: {account}/{stream}/{stream creation ms}/{shard index}.</summary>
public interface IShardCommand
{
    string ShardEntityId { get; }
}

/// <summary>A record as PutRecord(s) sent it, with its place in the request so replies can be put back in order.</summary>
public sealed record IncomingRecord(int Slot, string PartitionKey, byte[] Data);

/// <summary>Retention travels with every command: the shard enforces the stream's current period.</summary>
/// <param name="EncryptionType">The stream's now: each record keeps the one it was put with (KMS or NONE).</param>
/// <param name="OnDemand">The stream's capacity mode now: a shard of an on-demand stream watches its load (<see cref="OnDemandScaling"/>).</param>
public sealed record PutShardRecords(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, IReadOnlyList<IncomingRecord> Records,
    string EncryptionType = "NONE", bool OnDemand = false) : IShardCommand;

public sealed record ReadShard(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, long Position, int Limit) : IShardCommand;

public sealed record LocateIterator(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, IteratorStart Start) : IShardCommand;

/// <summary>Sent by the stream after a reshard: no more writes; the reply gives the shard's end.</summary>
public sealed record CloseShard(string ShardEntityId, int ShardIndex) : IShardCommand;

/// <summary>A closed shard's answer: the position after its last record.</summary>
public sealed record ShardEnded(int ShardIndex, long Next)
{
    /// <summary>The last record's sequence number (the first position's, for a shard closed empty).</summary>
    public string EndingSequenceNumber => SequenceNumbers.Encode(ShardIndex, Math.Max(0, Next - 1));
}

/// <summary>A write reached a shard a reshard closed: the API routes it again by the stream's current map.</summary>
public sealed record ShardIsClosed(int ShardIndex);

/// <summary>One record's outcome: its sequence number, or the error PutRecords reports for it alone.</summary>
public sealed record PutRecordResult(int Slot, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null);

public sealed record ShardPutResult(IReadOnlyList<PutRecordResult> Results);

public sealed record ShardRecord(long Position, string SequenceNumber, long ArrivedAt, string PartitionKey, byte[] Data, string EncryptionType = "NONE");

/// <param name="ClosedEnd">For a closed shard, the position after its last record: a reader there has read it all.</param>
public sealed record ShardRecords(IReadOnlyList<ShardRecord> Records, long NextPosition, long MillisBehindLatest, long? ClosedEnd = null);

public sealed record IteratorPosition(long Position);

/// <summary>Persisted; names frozen. One PutRecords' records for this shard, in sequence order.</summary>
public interface IShardEvent;

public sealed record RecordsPut(IReadOnlyList<ShardRecord> Records) : IShardEvent;

/// <summary>The shard was closed by a reshard: it takes no more records.</summary>
public sealed record ShardClosed(long At) : IShardEvent;

/// <summary>Records before FirstRetained have expired; the journal before this event may be deleted. Next keeps the numbering.</summary>
public sealed record RecordsTrimmed(long FirstRetained, long Next) : IShardEvent;

/// <summary>
/// SubscribeToShard's start: takes the consumer's lease on the shard (one subscription per consumer and shard) and
/// finds where the subscription starts. The reply is <see cref="SubscriptionOpened"/> or the rejection.
/// </summary>
public sealed record OpenSubscription(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, IteratorStart Start,
    string ConsumerArn, string SubscriptionId) : IShardCommand;

public sealed record SubscriptionOpened(long Position);

/// <summary>
/// A subscription's next records from Position: answered as soon as there are any (or the shard is closed), else after
/// WaitMs with none. Each watch renews the subscription's lease; one that lost it is answered ResourceInUse.
/// </summary>
public sealed record WatchShard(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, long Position,
    string ConsumerArn, string SubscriptionId, int WaitMs) : IShardCommand;

/// <summary>The subscription ended: its lease is free for the consumer's next one.</summary>
public sealed record CloseSubscription(string ShardEntityId, string ConsumerArn, string SubscriptionId) : IShardCommand;
