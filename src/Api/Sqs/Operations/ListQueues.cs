using Shoal.Actors.Catalog;
using Shoal.Actors.Common;

namespace Shoal.Api.Sqs.Operations;

public static class ListQueues
{
    public static async Task Handle(SqsRequest request)
    {
        var r = request.Reader;
        var reply = await request.AskCatalog(new Actors.Catalog.ListQueues(
            Account.Id, r.String("QueueNamePrefix"), r.Int("MaxResults"), r.String("NextToken")));
        await request.Reply<NameList>(reply, (w, list) =>
        {
            if (list.Names.Count > 0) w.StringList("QueueUrls", "QueueUrl", list.Names.Select(request.QueueUrl));
            w.String("NextToken", list.NextToken);
        });
    }
}
