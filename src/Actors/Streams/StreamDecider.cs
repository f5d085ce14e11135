using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Streams;

/// <summary>What a stream command yields: the reply to send once the events are committed.</summary>
public readonly record struct StreamDecision(object Reply, IReadOnlyList<IStreamEvent> Events)
{
    public static StreamDecision Answer(object reply) => new(reply, []);
}

/// <summary>The rules of a Kinesis stream's lifecycle: pure, with time passed in as epoch milliseconds.</summary>
public static class StreamDecider
{
    const int MaxTags = 50;

    public static StreamDecision Decide(StreamState state, IStreamCommand command, long now)
    {
        if (command is CreateStream create) return Create(state, create, now);
        if (!state.Exists) return StreamDecision.Answer(StreamRules.StreamNotFound(NameOf(command)));
        return command switch
        {
            DeleteStream => new StreamDecision(new Done(), [new StreamDeleted(now)]),
            GetStream => StreamDecision.Answer(state.View(now)),
            ChangeRetention change => Retention(state, change, now),
            UpdateStreamMode mode => Update(state, now, state.OnDemand == mode.OnDemand ? null : new StreamModeChanged(mode.OnDemand, now)),
            UpdateMaxRecordSize size => StreamRules.ValidateMaxRecordSize(size.KiB) is { } invalid
                ? StreamDecision.Answer(invalid)
                : Update(state, now, state.MaxRecordSizeKiB == size.KiB ? null : new StreamMaxRecordSizeChanged(size.KiB, now)),
            ChangeEncryption change => Update(state, now, state.KeyId == change.KeyId ? null : new StreamEncryptionChanged(change.KeyId, now)),
            ReshardStream reshard => Reshard(state, reshard, now),
            RecordShardEnd end => state.Shards.FirstOrDefault(s => s.Index == end.ShardIndex) is { IsOpen: false, EndingSequenceNumber: null }
                ? new StreamDecision(new Done(), [new StreamShardEnded(end.ShardIndex, end.EndingSequenceNumber)])
                : StreamDecision.Answer(new Done()),
            ShardUnderLoad load => OnDemandScaling.SplitFor(state, load.ShardIndex, now) is { } split
                ? new StreamDecision(new Done(), [new StreamResharded(split)])
                : StreamDecision.Answer(new Done()),
            RegisterConsumer register => Register(state, register, now),
            DeregisterConsumer deregister => Deregister(state, deregister),
            TagStream tag => Tag(state, tag),
            UntagStream untag => new StreamDecision(new Done(), [new StreamUntagged(untag.TagKeys)]),
            _ => StreamDecision.Answer(new Rejection(ErrorCode.InvalidArgument, $"{command.GetType().Name} is not supported.")),
        };
    }

    static string NameOf(IStreamCommand command) => command.StreamId[(command.StreamId.IndexOf('/') + 1)..];

    static StreamDecision Create(StreamState state, CreateStream create, long now)
    {
        if (StreamRules.ValidateStreamName(create.Name) is { } badName) return StreamDecision.Answer(badName);
        var count = create.ShardCount ?? (create.OnDemand ? StreamRules.OnDemandShardCount : 0);
        if (!create.OnDemand && create.ShardCount is null)
            return StreamDecision.Answer(new Rejection(ErrorCode.InvalidArgument, "ShardCount is required for a PROVISIONED stream."));
        if (StreamRules.ValidateShardCount(count) is { } badCount) return StreamDecision.Answer(badCount);
        if (ValidateTags(create.Tags, 0) is { } badTags) return StreamDecision.Answer(badTags);
        if (state.Exists) return StreamDecision.Answer(StreamRules.StreamExists(create.Name));
        var shards = HashKeys.Uniform(count).Select((range, index) => new StreamShard(index, range, now)).ToList();
        return new StreamDecision(new Done(), [new StreamCreated(create.Name, create.OnDemand, shards, create.Tags, now)]);
    }

    static StreamDecision Retention(StreamState state, ChangeRetention change, long now)
    {
        if (state.StatusAt(now) != "ACTIVE") return StreamDecision.Answer(StreamRules.StreamNotActive(state.Name, state.StatusAt(now)));
        var rejection = StreamRules.ValidateRetention(change.Hours)
                        ?? (change.Increase
                            ? StreamRules.IncreaseRetention(state.RetentionHours, change.Hours, state.Name)
                            : StreamRules.DecreaseRetention(state.RetentionHours, change.Hours, state.Name));
        if (rejection is not null) return StreamDecision.Answer(rejection);
        return change.Hours == state.RetentionHours
            ? StreamDecision.Answer(new Done())
            : new StreamDecision(new Done(), [new StreamRetentionChanged(change.Hours)]);
    }

    /// <summary>Mode and encryption change only on an ACTIVE stream; asking for what it already has changes nothing.</summary>
    static StreamDecision Update(StreamState state, long now, IStreamEvent? change)
    {
        if (state.StatusAt(now) != "ACTIVE") return StreamDecision.Answer(StreamRules.StreamNotActive(state.Name, state.StatusAt(now)));
        return change is null ? StreamDecision.Answer(new Done()) : new StreamDecision(new Done(), [change]);
    }

    static StreamDecision Reshard(StreamState state, ReshardStream reshard, long now)
    {
        var status = state.StatusAt(now);
        if (status != "ACTIVE") return StreamDecision.Answer(StreamRules.StreamNotActive(state.Name, status));
        // SplitShard, MergeShards and UpdateShardCount are for provisioned streams: an on-demand one manages its own shards.
        if (state.OnDemand) return StreamDecision.Answer(StreamRules.NotInOnDemandMode(reshard.Kind, state.Name));
        var (result, rejection) = reshard.Kind switch
        {
            ReshardStream.Split => ReshardRules.SplitShard(state.Shards, reshard.First, reshard.Second ?? "", state.Name, now),
            ReshardStream.Merge => ReshardRules.MergeShards(state.Shards, reshard.First, reshard.Second ?? "", state.Name, now),
            _ => ReshardRules.UpdateShardCount(state.Shards, reshard.TargetShardCount ?? 0, reshard.First, state.Name, now),
        };
        if (rejection is not null) return StreamDecision.Answer(rejection);
        return new StreamDecision(new Done(), [new StreamResharded(result!)]);
    }

    static StreamDecision Register(StreamState state, RegisterConsumer register, long now)
    {
        if (ConsumerRules.ValidateName(register.ConsumerName) is { } badName) return StreamDecision.Answer(badName);
        if (state.Consumers.Any(c => c.Name == register.ConsumerName))
            return StreamDecision.Answer(ConsumerRules.Exists(register.ConsumerName, state.Name));
        if (state.Consumers.Count >= ConsumerRules.MaxConsumersPerStream) return StreamDecision.Answer(ConsumerRules.TooMany(state.Name));
        return new StreamDecision(new StreamConsumer(register.ConsumerName, now), [new ConsumerRegistered(register.ConsumerName, now)]);
    }

    static StreamDecision Deregister(StreamState state, DeregisterConsumer deregister)
    {
        var consumer = state.Consumers.FirstOrDefault(c => c.Name == deregister.ConsumerName);
        if (consumer is null || deregister.ConsumerArn is { } arn && consumer.Arn(state.Name) != arn)
            return StreamDecision.Answer(ConsumerRules.NotFound(deregister.ConsumerArn ?? deregister.ConsumerName, state.Name));
        return new StreamDecision(new Done(), [new ConsumerDeregistered(consumer.Name)]);
    }

    static StreamDecision Tag(StreamState state, TagStream tag)
    {
        if (ValidateTags(tag.Tags, state.Tags.Keys.Count(k => !tag.Tags.ContainsKey(k))) is { } bad) return StreamDecision.Answer(bad);
        return new StreamDecision(new Done(), [new StreamTagged(tag.Tags)]);
    }

    static Rejection? ValidateTags(IReadOnlyDictionary<string, string> tags, int kept)
    {
        if (tags.Count + kept > MaxTags)
            return new Rejection(ErrorCode.InvalidArgument, $"Failed to add tags to stream because a given stream can have a maximum of {MaxTags} tags.");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                return new Rejection(ErrorCode.InvalidArgument, $"Tag key {key} is not valid.");
            if (value.Length > 256) return new Rejection(ErrorCode.InvalidArgument, $"Tag value of key {key} is too long.");
        }
        return null;
    }
}
