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
public sealed record PutShardRecords(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, IReadOnlyList<IncomingRecord> Records,
    string EncryptionType = "NONE") : IShardCommand;

public sealed record ReadShard(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, long Position, int Limit) : IShardCommand;

public sealed record LocateIterator(string ShardEntityId, string StreamName, int ShardIndex, int RetentionHours, IteratorStart Start) : IShardCommand;

/// <summary>One record's outcome: its sequence number, or the error PutRecords reports for it alone.</summary>
public sealed record PutRecordResult(int Slot, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null);

public sealed record ShardPutResult(IReadOnlyList<PutRecordResult> Results);

public sealed record ShardRecord(long Position, string SequenceNumber, long ArrivedAt, string PartitionKey, byte[] Data, string EncryptionType = "NONE");

public sealed record ShardRecords(IReadOnlyList<ShardRecord> Records, long NextPosition, long MillisBehindLatest);

public sealed record IteratorPosition(long Position);

/// <summary>Persisted; names frozen. One PutRecords' records for this shard, in sequence order.</summary>
public interface IShardEvent;

public sealed record RecordsPut(IReadOnlyList<ShardRecord> Records) : IShardEvent;

/// <summary>Records before FirstRetained have expired; the journal before this event may be deleted. Next keeps the numbering.</summary>
public sealed record RecordsTrimmed(long FirstRetained, long Next) : IShardEvent;
