using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class SetSubscriptionAttributes
{
    public static async Task Handle(SnsRequest request)
    {
        var (topicId, subscriptionId) = request.Subscription();
        var name = request.Required("AttributeName");
        var value = request.Reader.String("AttributeValue") ?? "";
        await request.Reply(await request.AskTopic(new SetSubscriptionAttribute(topicId, subscriptionId, name, value)));
    }
}
