using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

public static class CreateStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var name = r.String("StreamName");
        if (Actors.Streams.StreamRules.ValidateStreamName(name) is { } invalid) throw KinesisRequest.Error(invalid);
        var mode = r.Object("StreamModeDetails")?.String("StreamMode") ?? "PROVISIONED";
        if (mode is not ("PROVISIONED" or "ON_DEMAND"))
            throw KinesisRequest.Error(Actors.Streams.ValidationErrors.One(mode, "streamModeDetails.streamMode", Actors.Streams.ValidationErrors.OneOf(["PROVISIONED", "ON_DEMAND"])));
        var tags = r.StringMap("Tags", "Tags");
        var reply = await request.AskStream(new Actors.Streams.CreateStream(KinesisRequest.StreamIdOf(name!), name!, r.Int("ShardCount"), mode == "ON_DEMAND", tags));
        if (reply is Actors.Queues.Done) await request.AskCatalog(new RegisterStream(Account.Id, name!));
        await request.Reply(reply);
    }
}
