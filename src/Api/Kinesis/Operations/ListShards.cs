using System.Text;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>The shards a ShardFilter selects (FROM_TRIM_HORIZON by default), MaxResults a page; NextToken carries the stream and the last shard.</summary>
public static class ListShards
{
    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var maxResults = r.Int("MaxResults") ?? 1000;
        KinesisRequest.CheckRange(maxResults, "maxResults", 10_000);
        string name;
        int? after;
        if (r.String("NextToken") is { } token)
        {
            if (r.String("StreamName") is not null)
                throw new ApiException(KinesisErrors.InvalidArgument, "NextToken and StreamName cannot be provided together.");
            (name, after) = ReadToken(token);
        }
        else
        {
            name = request.StreamName();
            after = ShardIds.IndexOf(r.String("ExclusiveStartShardId"));
        }
        var stream = await request.Stream(name);
        var filter = r.Object("ShardFilter") is { } f
            ? new ShardFilter(f.String("Type") ?? "", f.String("ShardId"), f.Decimal("Timestamp") is { } t ? ShardIterators.EpochMillis(t) : null)
            : null;
        var (shards, rejection) = ShardFilterRules.Filter(stream.Shards, filter, stream.RetentionHours, request.Now);
        if (rejection is not null) throw KinesisRequest.Error(rejection);
        var page = shards!.Where(s => after is null || s.Index > after).ToList();
        await request.Call.Respond(w =>
        {
            w.ObjectList("Shards", "member", page.Take(maxResults), KinesisRequest.WriteShard);
            if (page.Count > maxResults) w.String("NextToken", WriteToken(name, page[maxResults - 1].Index));
        });
    }

    static string WriteToken(string stream, int lastIndex) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{lastIndex}\n{stream}"));

    static (string Stream, int? After) ReadToken(string token)
    {
        var bytes = new byte[token.Length];
        var text = Convert.TryFromBase64String(token, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : "";
        var newline = text.IndexOf('\n');
        return newline > 0 && int.TryParse(text[..newline], out var index) && StreamRules.IsStreamName(text[(newline + 1)..])
            ? (text[(newline + 1)..], index)
            : throw new ApiException(KinesisErrors.InvalidArgument, "Invalid ShardId or NextToken.");
    }
}
