using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class GetQueueAttributes
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var names = request.Reader.StringList("AttributeNames", "AttributeName");
        var reply = await request.AskQueue(new Actors.Queues.GetQueueAttributes(queueId, names));
        await request.Reply<QueueAttributesResult>(reply, (w, result) =>
        {
            if (result.Attributes.Count > 0) w.StringMap("Attributes", "Attribute", result.Attributes);
        });
    }
}
