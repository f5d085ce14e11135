using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class TagResource
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId("ResourceArn");
        await request.Reply(await request.AskTopic(new TagTopic(topicId, request.Tags())));
    }
}
