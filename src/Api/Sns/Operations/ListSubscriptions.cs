using System.Globalization;
using System.Text;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sns.Operations;

/// <summary>
/// Every subscription of the account, 100 a page: topics in name order (from the catalog), each topic's
/// subscriptions in the order they were made. The token names the topic and how many of its subscriptions
/// came before.
/// </summary>
public static class ListSubscriptions
{
    const int PageSize = 100;

    public static async Task Handle(SnsRequest request)
    {
        var (startTopic, skip) = ReadToken(request.Reader.String("NextToken"));
        var page = new List<SubscriptionView>(PageSize);
        string? token = null;
        string? topicsToken = null;
        do
        {
            var topics = await request.AskCatalog(new Actors.Catalog.ListTopics(Account.Id, topicsToken));
            if (topics is not NameList list) throw ApiException.From((Rejection)topics);
            foreach (var topic in list.Names.Where(name => startTopic is null || string.CompareOrdinal(name, startTopic) >= 0))
            {
                var all = await SubscriptionsOf(request, topic);
                var offset = topic == startTopic ? skip : 0;
                var take = Math.Min(PageSize - page.Count, Math.Max(0, all.Count - offset));
                page.AddRange(all.Skip(offset).Take(take));
                if (page.Count == PageSize && offset + take < all.Count)
                {
                    token = WriteToken(topic, offset + take);
                    break;
                }
                if (page.Count == PageSize)
                {
                    token = WriteToken(topic, all.Count);
                    break;
                }
            }
            topicsToken = token is null ? list.NextToken : null;
        } while (topicsToken is not null);
        await request.Call.RespondXml(w =>
        {
            ListSubscriptionsByTopic.Write(w, page);
            w.String("NextToken", token);
        });
    }

    static async Task<List<SubscriptionView>> SubscriptionsOf(SnsRequest request, string topic)
    {
        var subscriptions = new List<SubscriptionView>();
        string? next = null;
        do
        {
            // A topic deleted since the catalog listed it has nothing to add.
            if (await request.AskTopic(new ListTopicSubscriptions(EntityIds.Topic(Account.Id, topic), next)) is not SubscriptionList list) break;
            subscriptions.AddRange(list.Subscriptions);
            next = list.NextToken;
        } while (next is not null);
        return subscriptions;
    }

    static string WriteToken(string topic, int count) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{count.ToString(CultureInfo.InvariantCulture)}\n{topic}"));

    static (string? Topic, int Skip) ReadToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return (null, 0);
        var bytes = new byte[token.Length];
        var text = Convert.TryFromBase64String(token, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : "";
        var newline = text.IndexOf('\n');
        if (newline < 0 || !int.TryParse(text.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            throw new ApiException(SnsErrors.InvalidParameter, "Invalid parameter: NextToken");
        return (text[(newline + 1)..], skip);
    }
}
