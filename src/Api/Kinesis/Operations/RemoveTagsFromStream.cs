using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class RemoveTagsFromStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        await request.Reply(await request.AskStream(new UntagStream(KinesisRequest.StreamIdOf(name), request.Reader.StringList("TagKeys", "TagKeys"))));
    }
}
