using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;

namespace Shoal.Api.Sqs.Operations;

public static class ListDeadLetterSourceQueues
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var r = request.Reader;
        var exists = await request.AskQueue(new GetQueue(queueId));
        if (exists is not GetQueueResult found)
        {
            await request.Reply(exists);
            return;
        }
        var reply = await request.AskCatalog(new ListDeadLetterSources(Account.Id, found.Name, r.Int("MaxResults"), r.String("NextToken")));
        await request.Reply<NameList>(reply, (w, list) =>
        {
            w.StringList("queueUrls", "QueueUrl", list.Names.Select(request.QueueUrl));
            w.String("NextToken", list.NextToken);
        });
    }
}
