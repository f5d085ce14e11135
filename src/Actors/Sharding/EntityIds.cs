using Akka.Cluster.Sharding;
using Shoal.Actors.Catalog;
using Shoal.Actors.Firehose;
using Shoal.Actors.Queues;
using Shoal.Actors.Streams;
using Shoal.Actors.Topics;

namespace Shoal.Actors.Sharding;

/// <summary>Entity ids and type names: frozen, since persistence ids are built from them.</summary>
public static class EntityIds
{
    public const string QueueType = "queue";
    public const string CatalogType = "catalog";
    public const string TopicType = "topic";
    public const string StreamType = "stream";
    public const string ShardType = "stream-shard";
    public const string DeliveryStreamType = "delivery-stream";
    public const int Shards = 100;

    public static string Queue(string accountId, string name) => $"{accountId}/{name}";

    public static string QueueName(string queueId) => queueId[(queueId.IndexOf('/') + 1)..];

    public static string Topic(string accountId, string name) => $"{accountId}/{name}";

    public static string TopicName(string topicId) => topicId[(topicId.IndexOf('/') + 1)..];

    public static string Stream(string accountId, string name) => $"{accountId}/{name}";

    public static string StreamName(string streamId) => streamId[(streamId.IndexOf('/') + 1)..];

    public static string DeliveryStream(string accountId, string name) => $"{accountId}/{name}";

    /// <summary>A shard of one incarnation of a stream: a stream deleted and created again gets new shard entities.</summary>
    public static string StreamShard(string accountId, string streamName, long streamCreatedAt, int shardIndex) =>
        $"{accountId}/{streamName}/{streamCreatedAt}/{shardIndex}";
}

public sealed class QueueExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as IQueueCommand)?.QueueId;
}

public sealed class CatalogExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as ICatalogCommand)?.AccountId;
}

public sealed class TopicExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as ITopicCommand)?.TopicId;
}

public sealed class StreamExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as IStreamCommand)?.StreamId;
}

public sealed class StreamShardExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as IShardCommand)?.ShardEntityId;
}

public sealed class DeliveryStreamExtractor() : HashCodeMessageExtractor(EntityIds.Shards)
{
    public override string? EntityId(object message) => (message as IDeliveryStreamCommand)?.DeliveryStreamId;
}
