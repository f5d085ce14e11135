namespace Shoal.Api.Sns.Operations;

public static class Unsubscribe
{
    public static async Task Handle(SnsRequest request)
    {
        var (topicId, subscriptionId) = request.Subscription();
        await request.Reply(await request.AskTopic(new Actors.Topics.Unsubscribe(topicId, subscriptionId)));
    }
}
