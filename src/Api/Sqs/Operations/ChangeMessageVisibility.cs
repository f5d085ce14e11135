using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class ChangeMessageVisibility
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var r = request.Reader;
        var entry = new VisibilityEntry("", r.Required("ReceiptHandle"),
            r.Int("VisibilityTimeout") ?? throw new ApiException(AwsErrors.MissingParameter, "The request must contain the parameter VisibilityTimeout."));
        await request.Reply(await request.AskQueue(new ChangeVisibility(queueId, [entry], IsBatch: false)));
    }
}
