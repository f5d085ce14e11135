using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class GetQueueUrl
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = SqsRequest.QueueIdOf(request.Reader.Required("QueueName"));
        var reply = await request.AskQueue(new GetQueue(queueId));
        await request.Reply<GetQueueResult>(reply, (w, found) => w.String("QueueUrl", request.QueueUrl(found.Name)));
    }
}
