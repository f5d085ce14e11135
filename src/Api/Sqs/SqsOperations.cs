using Shoal.Api.Sqs.Operations;

namespace Shoal.Api.Sqs;

/// <summary>Every SQS action this server answers, by its AWS name.</summary>
public static class SqsOperations
{
    public static readonly IReadOnlyDictionary<string, Func<SqsRequest, Task>> All = new Dictionary<string, Func<SqsRequest, Task>>
    {
        [nameof(CreateQueue)] = CreateQueue.Handle,
        [nameof(GetQueueUrl)] = GetQueueUrl.Handle,
        [nameof(ListQueues)] = ListQueues.Handle,
        [nameof(DeleteQueue)] = DeleteQueue.Handle,
        [nameof(GetQueueAttributes)] = GetQueueAttributes.Handle,
        [nameof(SetQueueAttributes)] = SetQueueAttributes.Handle,
        [nameof(SendMessage)] = SendMessage.Handle,
        [nameof(SendMessageBatch)] = SendMessageBatch.Handle,
        [nameof(ReceiveMessage)] = ReceiveMessage.Handle,
        [nameof(DeleteMessage)] = DeleteMessage.Handle,
        [nameof(DeleteMessageBatch)] = DeleteMessageBatch.Handle,
        [nameof(ChangeMessageVisibility)] = ChangeMessageVisibility.Handle,
        [nameof(ChangeMessageVisibilityBatch)] = ChangeMessageVisibilityBatch.Handle,
        [nameof(PurgeQueue)] = PurgeQueue.Handle,
        [nameof(TagQueue)] = TagQueue.Handle,
        [nameof(UntagQueue)] = UntagQueue.Handle,
        [nameof(ListQueueTags)] = ListQueueTags.Handle,
        [nameof(AddPermission)] = AddPermission.Handle,
        [nameof(RemovePermission)] = RemovePermission.Handle,
        [nameof(ListDeadLetterSourceQueues)] = ListDeadLetterSourceQueues.Handle,
        [nameof(StartMessageMoveTask)] = StartMessageMoveTask.Handle,
        [nameof(ListMessageMoveTasks)] = ListMessageMoveTasks.Handle,
        [nameof(CancelMessageMoveTask)] = CancelMessageMoveTask.Handle,
    };
}
