using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class UntagResource
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId("ResourceArn");
        var keys = request.Reader.StringList("TagKeys", "TagKeys.member");
        await request.Reply(await request.AskTopic(new UntagTopic(topicId, keys)));
    }
}
