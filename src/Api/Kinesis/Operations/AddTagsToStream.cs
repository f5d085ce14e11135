using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class AddTagsToStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        await request.Reply(await request.AskStream(new TagStream(KinesisRequest.StreamIdOf(name), request.Reader.StringMap("Tags", "Tags"))));
    }
}
