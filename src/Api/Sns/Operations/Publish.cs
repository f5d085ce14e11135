using Shoal.Actors.Topics;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sns.Operations;

public static class Publish
{
    public static async Task Handle(SnsRequest request)
    {
        var r = request.Reader;
        if (r.String("PhoneNumber") is not null)
            throw new ApiException(SnsErrors.InvalidParameter, "Invalid parameter: PhoneNumber Reason: SMS is not available in Shoal; publish to a topic");
        // TargetArn names a topic too (or a mobile endpoint, which Shoal does not have).
        var topicId = r.String("TopicArn") is not null ? request.TopicId() : request.TopicId("TargetArn");
        var entry = new PublishEntry("0", Guid.NewGuid().ToString(), r.String("Message"), r.String("Subject"), r.String("MessageStructure"),
            request.MessageAttributes(), r.String("MessageGroupId"), r.String("MessageDeduplicationId"));
        var reply = await request.AskTopic(new Actors.Topics.Publish(topicId, [entry], IsBatch: false));
        await request.Reply<PublishResult>(reply, (w, result) =>
        {
            var published = result.Successful[0];
            w.String("MessageId", published.MessageId);
            w.String("SequenceNumber", published.SequenceNumber);
        });
    }
}
