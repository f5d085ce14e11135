using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class DeleteMessageBatch
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var entries = request.Reader.Entries("Entries", "DeleteMessageBatchRequestEntry")
            .Select(e => new ReceiptEntry(e.String("Id") ?? "", e.String("ReceiptHandle") ?? ""))
            .ToList();
        var reply = await request.AskQueue(new DeleteMessages(queueId, entries, IsBatch: true));
        await request.Reply<EntriesResult>(reply, (w, result) =>
        {
            w.ObjectList("Successful", "DeleteMessageBatchResultEntry", result.Successful, (e, id) => e.String("Id", id));
            SqsRequest.WriteFailed(w, result.Failed);
        });
    }
}
