using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class SendMessage
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var entry = ReadEntry(request.Reader, id: "");
        var reply = await request.AskQueue(new SendMessages(queueId, [entry], IsBatch: false, Account.Id));
        await request.Reply<SendResult>(reply, (w, result) => WriteSent(w, result.Successful[0]));
    }

    /// <summary>The fields SendMessage and each SendMessageBatch entry share.</summary>
    public static SendEntry ReadEntry(IRequestReader r, string id) => new(
        id,
        Guid.NewGuid().ToString(),
        r.String("MessageBody"),
        r.Int("DelaySeconds"),
        r.MessageAttributes("MessageAttributes", "MessageAttribute"),
        r.MessageAttributes("MessageSystemAttributes", "MessageSystemAttribute"),
        r.String("MessageGroupId"),
        r.String("MessageDeduplicationId"));

    public static void WriteSent(IResponseWriter w, SentEntry sent)
    {
        w.String("MD5OfMessageBody", sent.Md5OfBody);
        w.String("MD5OfMessageAttributes", sent.Md5OfAttributes);
        w.String("MD5OfMessageSystemAttributes", sent.Md5OfSystemAttributes);
        w.String("MessageId", sent.MessageId);
        w.String("SequenceNumber", sent.SequenceNumber);
    }
}
