using Shoal.Actors.Queues;
using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class TagResource
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId("ResourceArn");
        // botocore reads an (empty) TagResourceResult element: this action has an output shape, unlike DeleteTopic.
        await request.Reply<Done>(await request.AskTopic(new TagTopic(topicId, request.Tags())), (_, _) => { });
    }
}
