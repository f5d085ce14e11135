using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>The account's shard limit and its open shards, and its on-demand streams against their limit.</summary>
public static class DescribeLimits
{
    const int OnDemandStreamLimit = 50;

    public static async Task Handle(KinesisRequest request)
    {
        var streams = new List<StreamView>();
        string? after = null;
        while (true)
        {
            if (await request.AskCatalog(new Actors.Catalog.ListStreams(Account.Id, after, 1000)) is not NameList page)
                throw new ApiException(KinesisErrors.ServiceUnavailable, "The catalog did not answer; retry the request.");
            foreach (var name in page.Names.Take(1000))
                if (await request.AskStream(new GetStream(KinesisRequest.StreamIdOf(name))) is StreamView view) streams.Add(view);
            if (page.Names.Count <= 1000) break;
            after = page.Names[999];
        }
        await request.Call.Respond(w =>
        {
            w.Number("ShardLimit", StreamRules.AccountShardLimit);
            w.Number("OpenShardCount", streams.Sum(s => s.Shards.Count(shard => shard.IsOpen)));
            w.Number("OnDemandStreamCount", streams.Count(s => s.OnDemand));
            w.Number("OnDemandStreamCountLimit", OnDemandStreamLimit);
        });
    }
}
