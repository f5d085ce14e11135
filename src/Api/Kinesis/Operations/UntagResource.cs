using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class UntagResource
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = TagResource.ResourceStream(request);
        await request.Reply(await request.AskStream(new UntagStream(KinesisRequest.StreamIdOf(name), request.Reader.StringList("TagKeys", "TagKeys"))));
    }
}
