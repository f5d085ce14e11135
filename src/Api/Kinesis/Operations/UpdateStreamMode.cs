using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class UpdateStreamMode
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var mode = request.Reader.Object("StreamModeDetails")?.String("StreamMode");
        if (mode is not ("PROVISIONED" or "ON_DEMAND"))
            throw KinesisRequest.Error(ValidationErrors.One(mode, "streamModeDetails.streamMode", ValidationErrors.OneOf(["PROVISIONED", "ON_DEMAND"])));
        await request.Reply(await request.AskStream(new Actors.Streams.UpdateStreamMode(KinesisRequest.StreamIdOf(name), mode == "ON_DEMAND")));
    }
}
