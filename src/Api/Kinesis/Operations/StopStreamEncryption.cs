using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class StopStreamEncryption
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        StartStreamEncryption.Encryption(request);
        await request.Reply(await request.AskStream(new ChangeEncryption(KinesisRequest.StreamIdOf(name), null)));
    }
}
