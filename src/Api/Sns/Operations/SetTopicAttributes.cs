using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class SetTopicAttributes
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var name = request.Required("AttributeName");
        var value = request.Reader.String("AttributeValue") ?? "";
        await request.Reply(await request.AskTopic(new SetTopicAttribute(topicId, name, value)));
    }
}
