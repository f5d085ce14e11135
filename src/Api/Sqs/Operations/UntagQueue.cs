namespace Shoal.Api.Sqs.Operations;

public static class UntagQueue
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var keys = request.Reader.StringList("TagKeys", "TagKey");
        await request.Reply(await request.AskQueue(new Actors.Queues.UntagQueue(queueId, keys)));
    }
}
