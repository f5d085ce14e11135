using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class RemovePermission
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        await request.Reply(await request.AskQueue(new Actors.Queues.RemovePermission(queueId, request.Reader.Required("Label"))));
    }
}
