using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Persistence;

/// <summary>
/// Commands and replies that cross the network between api and broker nodes. Never stored,
/// but named the same way as persisted types, so nodes of neighbouring versions agree.
/// </summary>
public static class WireManifests
{
    public static readonly IReadOnlyDictionary<string, Type> ByManifest = new Dictionary<string, Type>
    {
        ["queue.create"] = typeof(CreateQueue),
        ["queue.delete"] = typeof(DeleteQueue),
        ["queue.get"] = typeof(GetQueue),
        ["queue.get-attributes"] = typeof(GetQueueAttributes),
        ["queue.set-attributes"] = typeof(SetQueueAttributes),
        ["queue.send"] = typeof(SendMessages),
        ["queue.receive"] = typeof(ReceiveMessages),
        ["queue.delete-messages"] = typeof(DeleteMessages),
        ["queue.change-visibility"] = typeof(ChangeVisibility),
        ["queue.purge"] = typeof(PurgeQueue),
        ["queue.tag"] = typeof(TagQueue),
        ["queue.untag"] = typeof(UntagQueue),
        ["queue.list-tags"] = typeof(ListQueueTags),
        ["queue.add-permission"] = typeof(AddPermission),
        ["queue.remove-permission"] = typeof(RemovePermission),
        ["queue.accept-moved"] = typeof(AcceptMovedMessages),
        ["queue.start-move-task"] = typeof(StartMoveTask),
        ["queue.list-move-tasks"] = typeof(ListMoveTasks),
        ["queue.cancel-move-task"] = typeof(CancelMoveTask),
        ["queue.pump-move-task"] = typeof(PumpMoveTask),
        ["queue.moved-accepted"] = typeof(MovedMessagesAccepted),
        ["queue.move-task-started-result"] = typeof(MoveTaskStartedResult),
        ["queue.move-task-list"] = typeof(MoveTaskList),
        ["queue.move-task-cancelled"] = typeof(MoveTaskCancelled),
        ["queue.create-result"] = typeof(CreateQueueResult),
        ["queue.get-result"] = typeof(GetQueueResult),
        ["queue.attributes-result"] = typeof(QueueAttributesResult),
        ["queue.tags-result"] = typeof(TagsResult),
        ["queue.send-result"] = typeof(SendResult),
        ["queue.receive-result"] = typeof(ReceiveResult),
        ["queue.entries-result"] = typeof(EntriesResult),
        ["queue.done"] = typeof(Done),
        ["catalog.register"] = typeof(RegisterQueue),
        ["catalog.unregister"] = typeof(UnregisterQueue),
        ["catalog.list"] = typeof(ListQueues),
        ["catalog.list-dead-letter-sources"] = typeof(ListDeadLetterSources),
        ["catalog.list-result"] = typeof(QueueList),
        ["catalog.updated"] = typeof(CatalogUpdated),
        ["rejection"] = typeof(Rejection),
    };
}
