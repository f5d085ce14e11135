using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>Every command to a stream names its entity, so the shard extractor is one line.</summary>
public interface IStreamCommand
{
    string StreamId { get; }
}

/// <summary>ShardCount null with OnDemand: AWS's four shards of an on-demand stream.</summary>
public sealed record CreateStream(string StreamId, string Name, int? ShardCount, bool OnDemand, IReadOnlyDictionary<string, string> Tags) : IStreamCommand;

public sealed record DeleteStream(string StreamId) : IStreamCommand;

/// <summary>What DescribeStream, DescribeStreamSummary and ListShards read, and what the API routes records by.</summary>
public sealed record GetStream(string StreamId) : IStreamCommand;

public sealed record ChangeRetention(string StreamId, int Hours, bool Increase) : IStreamCommand;

public sealed record UpdateStreamMode(string StreamId, bool OnDemand) : IStreamCommand;

/// <summary>UpdateMaxRecordSize: the largest record PutRecord(s) accepts from now on, 1,024 to 10,240 KiB.</summary>
public sealed record UpdateMaxRecordSize(string StreamId, int KiB) : IStreamCommand;

/// <summary>StartStreamEncryption (KeyId set) or StopStreamEncryption (KeyId null): the encryption records get from now on.</summary>
public sealed record ChangeEncryption(string StreamId, string? KeyId) : IStreamCommand;

/// <summary>SplitShard, MergeShards or UpdateShardCount, as the rules that decide them take them.</summary>
public sealed record ReshardStream(string StreamId, string Kind, string First, string? Second = null, int? TargetShardCount = null) : IStreamCommand
{
    public const string Split = "split";
    public const string Merge = "merge";
    public const string UpdateCount = "update-count";
}

/// <summary>Sent by the stream to itself once a shard it closed told its end.</summary>
public sealed record RecordShardEnd(string StreamId, int ShardIndex, string EndingSequenceNumber) : IStreamCommand;

/// <summary>Told by a shard of an on-demand stream whose writers offer it half a shard's capacity: the stream may split it.</summary>
public sealed record ShardUnderLoad(string StreamId, int ShardIndex) : IStreamCommand;

/// <summary>RegisterStreamConsumer: the reply is the <see cref="StreamConsumer"/> registered.</summary>
public sealed record RegisterConsumer(string StreamId, string ConsumerName) : IStreamCommand;

/// <summary>DeregisterStreamConsumer, by name; a ConsumerARN, when that is what named it, must be the consumer's own.</summary>
public sealed record DeregisterConsumer(string StreamId, string ConsumerName, string? ConsumerArn = null) : IStreamCommand;

public sealed record TagStream(string StreamId, IReadOnlyDictionary<string, string> Tags) : IStreamCommand;

public sealed record UntagStream(string StreamId, IReadOnlyList<string> TagKeys) : IStreamCommand;

/// <summary>A stream as the API reads it; Status is derived from the time asked.</summary>
public sealed record StreamView(
    string Name,
    string Status,
    long CreatedAt,
    bool OnDemand,
    int RetentionHours,
    int MaxRecordSizeKiB,
    IReadOnlyList<StreamShard> Shards,
    IReadOnlyDictionary<string, string> Tags,
    string? KeyId = null,
    IReadOnlyList<StreamConsumer>? Consumers = null)
{
    public string Arn => StreamRules.Arn(Name);

    /// <summary>The registered consumer of the name, or null; given an ARN, only if it is that consumer's (one registered again has another).</summary>
    public StreamConsumer? Consumer(string name, string? arn = null) => Consumers?.FirstOrDefault(c => c.Name == name && (arn is null || c.Arn(Name) == arn));

    /// <summary>KMS while a key is set (StartStreamEncryption), else NONE. Nothing is actually encrypted.</summary>
    public string EncryptionType => KeyId is null ? "NONE" : "KMS";
}

/// <summary>Persisted; names frozen (Persistence/Manifests.cs).</summary>
public interface IStreamEvent;

public sealed record StreamCreated(string Name, bool OnDemand, IReadOnlyList<StreamShard> Shards, IReadOnlyDictionary<string, string> Tags, long At) : IStreamEvent;

public sealed record StreamDeleted(long At) : IStreamEvent;

public sealed record StreamRetentionChanged(int Hours) : IStreamEvent;

/// <summary>The stream's capacity mode changed at At (it reports UPDATING for a moment).</summary>
public sealed record StreamModeChanged(bool OnDemand, long At) : IStreamEvent;

/// <summary>The stream's maximum record size changed at At (it reports UPDATING for a moment).</summary>
public sealed record StreamMaxRecordSizeChanged(int KiB, long At) : IStreamEvent;

/// <summary>Encryption started (a KMS key) or stopped (null) at At.</summary>
public sealed record StreamEncryptionChanged(string? KeyId, long At) : IStreamEvent;

/// <summary>A reshard: its parents closed (their ends to follow), its children open for writes from now on.</summary>
public sealed record StreamResharded(Reshard Reshard) : IStreamEvent;

/// <summary>A closed shard's last sequence number, as its log gave it.</summary>
public sealed record StreamShardEnded(int ShardIndex, string EndingSequenceNumber) : IStreamEvent;

public sealed record ConsumerRegistered(string Name, long At) : IStreamEvent;

public sealed record ConsumerDeregistered(string Name) : IStreamEvent;

public sealed record StreamTagged(IReadOnlyDictionary<string, string> Tags) : IStreamEvent;

public sealed record StreamUntagged(IReadOnlyList<string> TagKeys) : IStreamEvent;

public sealed record StreamSnapshot(string Name, bool Exists, bool OnDemand, long CreatedAt, int RetentionHours, int MaxRecordSizeKiB,
    IReadOnlyList<StreamShard> Shards, IReadOnlyDictionary<string, string> Tags, string? KeyId = null, long UpdatedAt = 0, IReadOnlyList<StreamConsumer>? Consumers = null);
