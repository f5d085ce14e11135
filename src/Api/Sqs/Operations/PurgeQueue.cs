namespace Shoal.Api.Sqs.Operations;

public static class PurgeQueue
{
    public static async Task Handle(SqsRequest request) =>
        await request.Reply(await request.AskQueue(new Actors.Queues.PurgeQueue(request.QueueId())));
}
