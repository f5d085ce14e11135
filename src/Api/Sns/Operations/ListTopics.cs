using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Topics;

namespace Shoal.Api.Sns.Operations;

public static class ListTopics
{
    public static async Task Handle(SnsRequest request)
    {
        var reply = await request.AskCatalog(new Actors.Catalog.ListTopics(Account.Id, request.Reader.String("NextToken")));
        await request.Reply<NameList>(reply, (w, list) =>
        {
            w.Members("Topics", list.Names, (m, name) => m.String("TopicArn", TopicAttributeRules.Arn(name)));
            w.String("NextToken", list.NextToken);
        });
    }
}
