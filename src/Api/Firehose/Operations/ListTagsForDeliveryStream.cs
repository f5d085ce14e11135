using System.Globalization;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose.Operations;

/// <summary>Tags in key order, Limit a page (default 50), after ExclusiveStartTagKey.</summary>
public static class ListTagsForDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var limit = request.Reader.Int("Limit") ?? 50;
        if (limit is < 1 or > 50)
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(limit.ToString(CultureInfo.InvariantCulture), "limit",
                limit < 1 ? ValidationErrors.MinValue(1) : ValidationErrors.MaxValue(50)).Message);
        var after = request.Reader.String("ExclusiveStartTagKey");
        var stream = await request.DeliveryStream(name);
        var tags = stream.Config.Tags.Where(t => after is null || string.CompareOrdinal(t.Key, after) > 0).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        await request.Call.Respond(w =>
        {
            w.ObjectList("Tags", "member", tags.Take(limit), (t, tag) =>
            {
                t.String("Key", tag.Key);
                t.String("Value", tag.Value);
            });
            w.Bool("HasMoreTags", tags.Count > limit);
        });
    }
}
