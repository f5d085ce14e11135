using Shoal.Actors.Catalog;
using Shoal.Actors.Firehose;
using Shoal.Actors.Queues;
using Shoal.Actors.Streams;
using Shoal.Actors.Topics;

namespace Shoal.Actors.Persistence;

/// <summary>
/// The string stored beside every persisted row, per type. Frozen: a manifest once shipped
/// is never renamed or reused, whatever happens to the C# type it maps to.
/// </summary>
public static class Manifests
{
    public static readonly IReadOnlyDictionary<string, Type> ByManifest = new Dictionary<string, Type>
    {
        ["queue.created"] = typeof(QueueCreated),
        ["queue.attributes-set"] = typeof(QueueAttributesSet),
        ["queue.tagged"] = typeof(QueueTagged),
        ["queue.untagged"] = typeof(QueueUntagged),
        ["queue.message-sent"] = typeof(MessageSent),
        ["queue.messages-received"] = typeof(MessagesReceived),
        ["queue.message-deleted"] = typeof(MessageDeleted),
        ["queue.message-visibility-changed"] = typeof(MessageVisibilityChanged),
        ["queue.purged"] = typeof(QueuePurged),
        ["queue.messages-expired"] = typeof(MessagesExpired),
        ["queue.deleted"] = typeof(QueueDeleted),
        ["queue.snapshot"] = typeof(QueueSnapshot),
        ["queue.fifo-ids-expired"] = typeof(FifoIdsExpired),
        ["catalog.queue-registered"] = typeof(QueueRegistered),
        ["catalog.queue-unregistered"] = typeof(QueueUnregistered),
        ["catalog.snapshot"] = typeof(CatalogSnapshot),
        ["catalog.dead-letter-target-set"] = typeof(DeadLetterTargetSet),
        ["queue.messages-moving"] = typeof(MessagesMoving),
        ["queue.messages-moved"] = typeof(MessagesMoved),
        ["queue.messages-move-refused"] = typeof(MessagesMoveRefused),
        ["queue.move-task-started"] = typeof(MoveTaskStarted),
        ["queue.move-task-ended"] = typeof(MoveTaskEnded),
        ["catalog.topic-registered"] = typeof(TopicRegistered),
        ["catalog.topic-unregistered"] = typeof(TopicUnregistered),
        ["topic.created"] = typeof(TopicCreated),
        ["topic.attribute-set"] = typeof(TopicAttributeSet),
        ["topic.tagged"] = typeof(TopicTagged),
        ["topic.untagged"] = typeof(TopicUntagged),
        ["topic.deleted"] = typeof(TopicDeleted),
        ["topic.subscribed"] = typeof(Subscribed),
        ["topic.subscription-confirmed"] = typeof(SubscriptionConfirmed),
        ["topic.subscription-attribute-set"] = typeof(SubscriptionAttributeSet),
        ["topic.unsubscribed"] = typeof(Unsubscribed),
        ["topic.message-published"] = typeof(MessagePublished),
        ["topic.deliveries-ended"] = typeof(DeliveriesEnded),
        ["topic.snapshot"] = typeof(TopicSnapshot),
        ["catalog.stream-registered"] = typeof(StreamRegistered),
        ["catalog.stream-unregistered"] = typeof(StreamUnregistered),
        ["stream.created"] = typeof(StreamCreated),
        ["stream.deleted"] = typeof(StreamDeleted),
        ["stream.retention-changed"] = typeof(StreamRetentionChanged),
        ["stream.tagged"] = typeof(StreamTagged),
        ["stream.untagged"] = typeof(StreamUntagged),
        ["stream.snapshot"] = typeof(StreamSnapshot),
        ["stream.mode-changed"] = typeof(StreamModeChanged),
        ["stream.encryption-changed"] = typeof(StreamEncryptionChanged),
        ["stream.resharded"] = typeof(StreamResharded),
        ["stream.shard-ended"] = typeof(StreamShardEnded),
        ["stream.max-record-size-changed"] = typeof(StreamMaxRecordSizeChanged),
        ["stream.consumer-registered"] = typeof(ConsumerRegistered),
        ["stream.consumer-deregistered"] = typeof(ConsumerDeregistered),
        ["stream-shard.closed"] = typeof(ShardClosed),
        ["stream-shard.records-put"] = typeof(RecordsPut),
        ["stream-shard.records-trimmed"] = typeof(RecordsTrimmed),
        ["catalog.delivery-stream-registered"] = typeof(DeliveryStreamRegistered),
        ["catalog.delivery-stream-unregistered"] = typeof(DeliveryStreamUnregistered),
        ["delivery-stream.created"] = typeof(DeliveryStreamCreated),
        ["delivery-stream.deleted"] = typeof(DeliveryStreamDeleted),
        ["delivery-stream.records-buffered"] = typeof(FirehoseRecordsBuffered),
        ["delivery-stream.batch-delivered"] = typeof(FirehoseBatchDelivered),
        ["delivery-stream.tagged"] = typeof(DeliveryStreamTagged),
        ["delivery-stream.untagged"] = typeof(DeliveryStreamUntagged),
        ["delivery-stream.snapshot"] = typeof(DeliveryStreamSnapshot),
    };

    public static readonly IReadOnlyDictionary<Type, string> ByType =
        ByManifest.ToDictionary(pair => pair.Value, pair => pair.Key);
}
