using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;

namespace Shoal.Api.Sqs.Operations;

public static class DeleteQueue
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var reply = await request.AskQueue(new Actors.Queues.DeleteQueue(queueId));
        if (reply is Done) await request.AskCatalog(new UnregisterQueue(Account.Id, EntityIds.QueueName(queueId)));
        await request.Reply(reply);
    }
}
