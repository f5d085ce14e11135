using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class GetSubscriptionAttributes
{
    public static async Task Handle(SnsRequest request)
    {
        var (topicId, subscriptionId) = request.Subscription();
        var reply = await request.AskTopic(new Actors.Topics.GetSubscriptionAttributes(topicId, subscriptionId));
        await request.Reply<SubscriptionAttributesResult>(reply, (w, result) => w.Entries("Attributes", result.Attributes));
    }
}
