using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
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
        var name = EntityIds.QueueName(queueId);
        await DeadLetterTargets.Validate(request, name, attributes);
        var reply = await request.AskQueue(new Actors.Queues.SetQueueAttributes(queueId, attributes));
        if (reply is Done) await DeadLetterTargets.Register(request, name, attributes);
        await request.Reply(reply);
    }
}
