using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class SendMessageBatch
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var entries = request.Reader.Entries("Entries", "SendMessageBatchRequestEntry")
            .Select(e => SendMessage.ReadEntry(e, e.String("Id") ?? ""))
            .ToList();
        var reply = await request.AskQueue(new SendMessages(queueId, entries, IsBatch: true, Account.Id));
        await request.Reply<SendResult>(reply, (w, result) =>
        {
            w.ObjectList("Successful", "SendMessageBatchResultEntry", result.Successful, (e, sent) =>
            {
                e.String("Id", sent.Id);
                SendMessage.WriteSent(e, sent);
            });
            SqsRequest.WriteFailed(w, result.Failed);
        });
    }
}
