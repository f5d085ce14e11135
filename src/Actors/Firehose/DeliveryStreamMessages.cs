namespace Shoal.Actors.Firehose;

/// <summary>Every command to a delivery stream names its entity, so the shard extractor is one line.</summary>
public interface IDeliveryStreamCommand
{
    string DeliveryStreamId { get; }
}

public sealed record CreateDeliveryStream(string DeliveryStreamId, DeliveryStreamConfig Config) : IDeliveryStreamCommand;

public sealed record DeleteDeliveryStream(string DeliveryStreamId) : IDeliveryStreamCommand;

/// <summary>What DescribeDeliveryStream and ListTagsForDeliveryStream read.</summary>
public sealed record GetDeliveryStream(string DeliveryStreamId) : IDeliveryStreamCommand;

/// <summary>PutRecord (one record) or PutRecordBatch: acknowledged once the records are in the journal.</summary>
public sealed record PutFirehoseRecords(string DeliveryStreamId, IReadOnlyList<byte[]> Records) : IDeliveryStreamCommand;

public sealed record TagDeliveryStream(string DeliveryStreamId, IReadOnlyDictionary<string, string> Tags) : IDeliveryStreamCommand;

public sealed record UntagDeliveryStream(string DeliveryStreamId, IReadOnlyList<string> TagKeys) : IDeliveryStreamCommand;

/// <summary>Sent to every delivery stream the catalog lists when a broker starts or leaves: one with records left resumes.</summary>
public sealed record WakeDeliveryStream(string DeliveryStreamId) : IDeliveryStreamCommand;

/// <summary>The entity's own timer, sent through its region (so idle passivation spares it): deliver or read what is due.</summary>
public sealed record DeliveryStreamTick(string DeliveryStreamId) : IDeliveryStreamCommand;

/// <summary>The RecordIds of PutRecord(Batch), in request order.</summary>
public sealed record FirehoseRecordsAccepted(IReadOnlyList<string> RecordIds);

/// <summary>A delivery stream as the API reads it; Status is derived from the time asked.</summary>
public sealed record DeliveryStreamView(DeliveryStreamConfig Config, string Status, long CreatedAt, int VersionId)
{
    public string Arn => DeliveryStreamRules.Arn(Config.Name);
}

/// <summary>A record waiting in the buffer; its RecordId comes from the stream's creation and its sequence.</summary>
public sealed record BufferedRecord(long Sequence, long ArrivedAt, byte[] Data);

/// <summary>How far a Kinesis-sourced delivery stream has read one shard: the position of the next record; Finished at a closed shard's end.</summary>
public sealed record SourceCheckpoint(int ShardIndex, long NextPosition, bool Finished);

/// <summary>Persisted; names frozen (Persistence/Manifests.cs).</summary>
public interface IDeliveryStreamEvent;

public sealed record DeliveryStreamCreated(DeliveryStreamConfig Config, long At) : IDeliveryStreamEvent;

public sealed record DeliveryStreamDeleted(long At) : IDeliveryStreamEvent;

/// <summary>Records taken into the buffer, with how far the source was read when they came from a Kinesis shard (one event, so a crash neither loses nor skips).</summary>
public sealed record FirehoseRecordsBuffered(IReadOnlyList<BufferedRecord> Records, SourceCheckpoint? Checkpoint = null) : IDeliveryStreamEvent;

/// <summary>
/// A batch reached its destination (or, failed, its backup): the buffer drops every record up to ThroughSequence.
/// A crash before this event delivers the batch again (at least once).
/// </summary>
public sealed record FirehoseBatchDelivered(long ThroughSequence, long At) : IDeliveryStreamEvent;

public sealed record DeliveryStreamTagged(IReadOnlyDictionary<string, string> Tags) : IDeliveryStreamEvent;

public sealed record DeliveryStreamUntagged(IReadOnlyList<string> TagKeys) : IDeliveryStreamEvent;

public sealed record DeliveryStreamSnapshot(DeliveryStreamConfig? Config, bool Exists, long CreatedAt, long NextSequence,
    IReadOnlyList<BufferedRecord> Buffer, IReadOnlyList<SourceCheckpoint> Checkpoints);
