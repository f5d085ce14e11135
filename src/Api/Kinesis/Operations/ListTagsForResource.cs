namespace Shoal.Api.Kinesis.Operations;

public static class ListTagsForResource
{
    public static async Task Handle(KinesisRequest request)
    {
        var stream = await request.Stream(TagResource.ResourceStream(request));
        await request.Call.Respond(w => w.ObjectList("Tags", "member", stream.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), (e, tag) =>
        {
            e.String("Key", tag.Key);
            e.String("Value", tag.Value);
        }));
    }
}
