using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class ListTagsForResource
{
    public static async Task Handle(SnsRequest request)
    {
        var reply = await request.AskTopic(new ListTopicTags(request.TopicId("ResourceArn")));
        await request.Reply<TopicTagsResult>(reply, (w, result) =>
            w.Members("Tags", result.Tags, (m, tag) =>
            {
                m.String("Key", tag.Key);
                m.String("Value", tag.Value);
            }));
    }
}
