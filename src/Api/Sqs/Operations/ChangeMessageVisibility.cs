using Shoal.Api.Protocols;
using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class ChangeMessageVisibility
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var r = request.Reader;
        var entry = new VisibilityEntry("", r.Required("ReceiptHandle"),
            r.RequiredInt("VisibilityTimeout"));
        await request.Reply(await request.AskQueue(new ChangeVisibility(queueId, [entry], IsBatch: false)));
    }
}
