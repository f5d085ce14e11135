using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class RemovePermission
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        await request.Reply(await request.AskTopic(new RemoveTopicPermission(topicId, request.Required("Label"))));
    }
}
