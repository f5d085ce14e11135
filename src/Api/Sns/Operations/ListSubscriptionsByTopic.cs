using Shoal.Actors.Topics;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sns.Operations;

public static class ListSubscriptionsByTopic
{
    public static async Task Handle(SnsRequest request)
    {
        var reply = await request.AskTopic(new ListTopicSubscriptions(request.TopicId(), request.Reader.String("NextToken")));
        await request.Reply<SubscriptionList>(reply, (w, list) =>
        {
            Write(w, list.Subscriptions);
            w.String("NextToken", list.NextToken);
        });
    }

    public static void Write(XmlResponseWriter writer, IEnumerable<SubscriptionView> subscriptions) =>
        writer.Members("Subscriptions", subscriptions, (m, s) =>
        {
            m.String("SubscriptionArn", s.SubscriptionArn);
            m.String("Owner", Actors.Common.Account.Id);
            m.String("Protocol", s.Protocol);
            m.String("Endpoint", s.Endpoint);
            m.String("TopicArn", s.TopicArn);
        });
}
