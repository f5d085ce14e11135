using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;

namespace Shoal.Api.Sns.Operations;

public static class DeleteTopic
{
    public static async Task Handle(SnsRequest request)
    {
        var topicId = request.TopicId();
        var reply = await request.AskTopic(new Actors.Topics.DeleteTopic(topicId));
        if (reply is Done) await request.AskCatalog(new UnregisterTopic(Account.Id, EntityIds.TopicName(topicId)));
        await request.Reply(reply);
    }
}
