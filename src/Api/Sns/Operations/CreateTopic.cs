using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class CreateTopic
{
    public static async Task Handle(SnsRequest request)
    {
        var name = request.Required("Name");
        var reply = await request.AskTopic(new Actors.Topics.CreateTopic(EntityIds.Topic(Account.Id, name), name, request.Attributes(), request.Tags()));
        // Listed once the topic exists; registering again on a repeated create is harmless.
        if (reply is TopicCreatedResult) await request.AskCatalog(new RegisterTopic(Account.Id, name));
        await request.Reply<TopicCreatedResult>(reply, (w, created) => w.String("TopicArn", created.TopicArn));
    }
}
