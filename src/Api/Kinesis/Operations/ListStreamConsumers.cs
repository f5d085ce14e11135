using System.Text;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>A stream's consumers by name, MaxResults a page (default 100), the rest after the NextToken's name.</summary>
public static class ListStreamConsumers
{
    const string TokenPrefix = "after:";

    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var limit = r.Int("MaxResults") ?? 100;
        KinesisRequest.CheckRange(limit, "maxResults", ConsumerRules.MaxListResults);
        var after = r.String("NextToken") is { } token ? NameAfter(token) : null;
        var stream = await request.Stream(request.StreamNameOfArn());
        var remaining = (stream.Consumers ?? [])
            .Where(c => after is null || string.CompareOrdinal(c.Name, after) > 0)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var page = remaining.Take(limit).ToList();
        await request.Call.Respond(w =>
        {
            w.ObjectList("Consumers", "member", page, (c, consumer) => KinesisRequest.WriteConsumer(c, stream.Name, consumer, request.Now));
            if (remaining.Count > limit) w.String("NextToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + page[^1].Name)));
        });
    }

    static string NameAfter(string token)
    {
        var bytes = new byte[token.Length];
        return Convert.TryFromBase64String(token, bytes, out var written) && Encoding.UTF8.GetString(bytes, 0, written) is var text && text.StartsWith(TokenPrefix)
            ? text[TokenPrefix.Length..]
            : throw new ApiException(KinesisErrors.InvalidArgument, "Invalid NextToken.");
    }
}
