using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class ListQueueTags
{
    public static async Task Handle(SqsRequest request)
    {
        var reply = await request.AskQueue(new Actors.Queues.ListQueueTags(request.QueueId()));
        await request.Reply<TagsResult>(reply, (w, result) =>
        {
            if (result.Tags.Count > 0) w.StringMap("Tags", "Tag", result.Tags, "Key", "Value");
        });
    }
}
