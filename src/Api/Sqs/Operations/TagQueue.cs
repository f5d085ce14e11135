namespace Shoal.Api.Sqs.Operations;

public static class TagQueue
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var tags = request.Reader.StringMap("Tags", "Tag", "Key", "Value");
        await request.Reply(await request.AskQueue(new Actors.Queues.TagQueue(queueId, tags)));
    }
}
