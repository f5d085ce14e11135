using Akka.Cluster.Sharding;
using Shoal.Actors.Catalog;
using Shoal.Actors.Queues;
using Shoal.Actors.Topics;

namespace Shoal.Actors.Sharding;

/// <summary>Entity ids and type names: frozen, since persistence ids are built from them.</summary>
public static class EntityIds
{
    public const string QueueType = "queue";
    public const string CatalogType = "catalog";
    public const string TopicType = "topic";
    public const int Shards = 100;

    public static string Queue(string accountId, string name) => $"{accountId}/{name}";

    public static string QueueName(string queueId) => queueId[(queueId.IndexOf('/') + 1)..];

    public static string Topic(string accountId, string name) => $"{accountId}/{name}";

    public static string TopicName(string topicId) => topicId[(topicId.IndexOf('/') + 1)..];
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
