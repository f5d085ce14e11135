using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class SetQueueAttributes
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var attributes = request.Reader.StringMap("Attributes", "Attribute");
        if (attributes.Count == 0)
            throw new ApiException(AwsErrors.MissingParameter, "The request must contain the parameter Attributes.");
        await request.Reply(await request.AskQueue(new Actors.Queues.SetQueueAttributes(queueId, attributes)));
    }
}
