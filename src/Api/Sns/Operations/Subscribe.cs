using System.Security.Cryptography;
using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class Subscribe
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var protocol = request.Required("Protocol");
        var endpoint = request.Reader.String("Endpoint");
        var returnArn = request.Reader.Bool("ReturnSubscriptionArn") ?? false;
        // Confirmation tokens are long random strings, as SNS's are; the subscription id is a UUID.
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
        var reply = await request.AskTopic(new Actors.Topics.Subscribe(topicId, Guid.NewGuid().ToString(), protocol, endpoint, request.Attributes(), token));
        await request.Reply<SubscribeResult>(reply, (w, result) =>
            w.String("SubscriptionArn", result.Pending && !returnArn ? "pending confirmation" : result.SubscriptionArn));
    }
}
