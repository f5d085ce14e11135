using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class GetTopicAttributes
{
    public static async Task Handle(SnsRequest request)
    {
        var reply = await request.AskTopic(new Actors.Topics.GetTopicAttributes(request.TopicId()));
        await request.Reply<TopicAttributesResult>(reply, (w, result) => w.Entries("Attributes", result.Attributes));
    }
}
