using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class DeleteMessage
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var entry = new ReceiptEntry("", request.Reader.Required("ReceiptHandle"));
        await request.Reply(await request.AskQueue(new DeleteMessages(queueId, [entry], IsBatch: false)));
    }
}
