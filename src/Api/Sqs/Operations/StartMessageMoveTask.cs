using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class StartMessageMoveTask
{
    public static async Task Handle(SqsRequest request)
    {
        var r = request.Reader;
        var sourceArn = r.Required("SourceArn");
        var destinationArn = r.String("DestinationArn");
        var source = await MoveTasks.ExistingQueue(request, sourceArn, "SourceArn");
        // Only a dead-letter queue of some source queue can be redriven, as in SQS.
        if (await request.AskCatalog(new ListDeadLetterSources(Account.Id, source, 1, null)) is NameList { Names.Count: 0 })
            throw new ApiException(AwsErrors.InvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.");
        if (destinationArn == sourceArn)
            throw new ApiException(AwsErrors.InvalidParameterValue, "Source queue arn and destination queue arn cannot be the same.");
        if (!string.IsNullOrEmpty(destinationArn))
        {
            var destination = await MoveTasks.ExistingQueue(request, destinationArn, "DestinationArn");
            if (RedriveRules.IsFifoName(destination) != RedriveRules.IsFifoName(source))
                throw new ApiException(AwsErrors.InvalidParameterValue, "The destination queue must be the same type of queue as the source.");
        }
        var taskId = Guid.NewGuid().ToString();
        var reply = await request.AskQueue(new StartMoveTask(EntityIds.Queue(Account.Id, source), taskId,
            string.IsNullOrEmpty(destinationArn) ? null : destinationArn, r.Int("MaxNumberOfMessagesPerSecond")));
        await request.Reply<MoveTaskStartedResult>(reply, (w, started) => w.String("TaskHandle", MoveTaskHandle.Encode(started.TaskId, sourceArn)));
    }
}
