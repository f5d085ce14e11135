using System.Text;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>Names in order, Limit a page (default 100), after ExclusiveStartStreamName or the NextToken's name, with summaries.</summary>
public static class ListStreams
{
    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var limit = r.Int("Limit") ?? 100;
        KinesisRequest.CheckRange(limit, "limit", 10_000);
        var after = r.String("ExclusiveStartStreamName");
        if (r.String("NextToken") is { } token)
        {
            var bytes = new byte[token.Length];
            after = Convert.TryFromBase64String(token, bytes, out var written) && Encoding.UTF8.GetString(bytes, 0, written) is var text && text.StartsWith("after:")
                ? text["after:".Length..]
                : throw new ApiException(KinesisErrors.InvalidArgument, "Invalid NextToken.");
        }
        if (await request.AskCatalog(new Actors.Catalog.ListStreams(Account.Id, after, limit)) is not NameList page)
            throw new ApiException(KinesisErrors.ServiceUnavailable, "The catalog did not answer; retry the request.");
        var names = page.Names.Take(limit).ToList();
        var more = page.Names.Count > limit;
        var summaries = new List<StreamView>();
        foreach (var name in names)
            if (await request.AskStream(new GetStream(KinesisRequest.StreamIdOf(name))) is StreamView view) summaries.Add(view);
        await request.Call.Respond(w =>
        {
            w.StringList("StreamNames", "member", names);
            w.Bool("HasMoreStreams", more);
            if (more) w.String("NextToken", Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + names[^1])));
            w.ObjectList("StreamSummaries", "member", summaries, (s, stream) =>
            {
                s.String("StreamName", stream.Name);
                s.String("StreamARN", stream.Arn);
                s.String("StreamStatus", stream.Status);
                KinesisRequest.WriteMode(s, stream);
                s.Double("StreamCreationTimestamp", KinesisRequest.Seconds(stream.CreatedAt));
            });
        });
    }
}
