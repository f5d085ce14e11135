using Shoal.Actors.Topics;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sns.Operations;

public static class PublishBatch
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var entries = request.Reader.Entries("PublishBatchRequestEntries", "PublishBatchRequestEntries.member")
            .Select(e => new PublishEntry(e.String("Id") ?? "", Guid.NewGuid().ToString(), e.String("Message"), e.String("Subject"),
                e.String("MessageStructure"), request.MessageAttributes(e), e.String("MessageGroupId"), e.String("MessageDeduplicationId")))
            .ToList();
        var reply = await request.AskTopic(new Actors.Topics.Publish(topicId, entries, IsBatch: true));
        await request.Reply<PublishResult>(reply, (w, result) =>
        {
            w.Members("Successful", result.Successful, (m, s) =>
            {
                m.String("Id", s.Id);
                m.String("MessageId", s.MessageId);
                m.String("SequenceNumber", s.SequenceNumber);
            });
            w.Members("Failed", result.Failed, (m, f) =>
            {
                m.String("Id", f.Id);
                m.String("Code", SnsErrors.Of(f.Code).QueryCode);
                m.String("Message", f.Message);
                m.Bool("SenderFault", f.SenderFault);
            });
        });
    }
}
