using Shoal.Actors.Queues;
using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class UntagResource
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId("ResourceArn");
        var keys = request.Reader.StringList("TagKeys", "TagKeys.member");
        // botocore reads an (empty) UntagResourceResult element: this action has an output shape, unlike DeleteTopic.
        await request.Reply<Done>(await request.AskTopic(new UntagTopic(topicId, keys)), (_, _) => { });
    }
}
