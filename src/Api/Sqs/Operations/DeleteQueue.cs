using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs.Operations;

public static class DeleteQueue
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var reply = await request.AskQueue(new Actors.Queues.DeleteQueue(queueId));
        if (reply is Done) await request.AskCatalog(new UnregisterQueue(Account.Id, queueId[(queueId.IndexOf('/') + 1)..]));
        await request.Reply(reply);
    }
}
