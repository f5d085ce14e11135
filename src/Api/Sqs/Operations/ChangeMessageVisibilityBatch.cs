using Shoal.Api.Protocols;
using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class ChangeMessageVisibilityBatch
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var entries = request.Reader.Entries("Entries", "ChangeMessageVisibilityBatchRequestEntry")
            .Select(e => new VisibilityEntry(e.String("Id") ?? "", e.String("ReceiptHandle") ?? "",
                e.RequiredInt("VisibilityTimeout")))
            .ToList();
        var reply = await request.AskQueue(new ChangeVisibility(queueId, entries, IsBatch: true));
        await request.Reply<EntriesResult>(reply, (w, result) =>
        {
            w.ObjectList("Successful", "ChangeMessageVisibilityBatchResultEntry", result.Successful, (e, id) => e.String("Id", id));
            SqsRequest.WriteFailed(w, result.Failed);
        });
    }
}
