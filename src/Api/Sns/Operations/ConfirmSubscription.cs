using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

/// <summary>Also what a subscriber's GET of the SubscribeURL arrives as.</summary>
public static class ConfirmSubscription
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var token = request.Required("Token");
        var authenticate = request.Reader.String("AuthenticateOnUnsubscribe") is "true" or "True";
        var reply = await request.AskTopic(new Actors.Topics.ConfirmSubscription(topicId, token, authenticate));
        await request.Reply<SubscribeResult>(reply, (w, result) => w.String("SubscriptionArn", result.SubscriptionArn));
    }
}
