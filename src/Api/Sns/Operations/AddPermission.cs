using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class AddPermission
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var label = request.Required("Label");
        var accounts = request.Reader.StringList("AWSAccountId", "AWSAccountId.member");
        var actions = request.Reader.StringList("ActionName", "ActionName.member");
        await request.Reply(await request.AskTopic(new AddTopicPermission(topicId, label, accounts, actions)));
    }
}
