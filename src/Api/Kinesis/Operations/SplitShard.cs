using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>Closes a shard and opens two children on either side of NewStartingHashKey; the stream is UPDATING until the parent's end is recorded.</summary>
public static class SplitShard
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var shard = request.Reader.String("ShardToSplit") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "shardToSplit", ValidationErrors.NotNull));
        var key = request.Reader.String("NewStartingHashKey") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "newStartingHashKey", ValidationErrors.NotNull));
        await request.Reply(await request.AskStream(new ReshardStream(KinesisRequest.StreamIdOf(name), ReshardStream.Split, shard, key)));
    }
}
