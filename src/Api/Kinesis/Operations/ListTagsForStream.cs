namespace Shoal.Api.Kinesis.Operations;

/// <summary>Tags in key order, Limit a page (default 50), after ExclusiveStartTagKey.</summary>
public static class ListTagsForStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var stream = await request.Stream(request.StreamName());
        var after = request.Reader.String("ExclusiveStartTagKey");
        var limit = Math.Clamp(request.Reader.Int("Limit") ?? 50, 1, 50);
        var tags = stream.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Where(t => after is null || string.CompareOrdinal(t.Key, after) > 0).ToList();
        await request.Call.Respond(w =>
        {
            w.ObjectList("Tags", "member", tags.Take(limit), (e, tag) =>
            {
                e.String("Key", tag.Key);
                e.String("Value", tag.Value);
            });
            w.Bool("HasMoreTags", tags.Count > limit);
        });
    }
}
