using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class CancelMessageMoveTask
{
    public static async Task Handle(SqsRequest request)
    {
        var handle = request.Reader.Required("TaskHandle");
        if (MoveTaskHandle.Decode(handle) is not var (taskId, source))
            throw new ApiException(AwsErrors.ResourceNotFound, "The task does not exist or is not running.");
        var reply = await request.AskQueue(new CancelMoveTask(EntityIds.Queue(Account.Id, source), taskId));
        if (reply is Rejection { Code: ErrorCode.QueueDoesNotExist })
            throw new ApiException(AwsErrors.ResourceNotFound, "The task does not exist or is not running.");
        await request.Reply<MoveTaskCancelled>(reply, (w, cancelled) => w.Number("ApproximateNumberOfMessagesMoved", cancelled.Moved));
    }
}
