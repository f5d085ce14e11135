using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>Closes two adjacent shards and opens one child over both ranges.</summary>
public static class MergeShards
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var shard = request.Reader.String("ShardToMerge") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "shardToMerge", ValidationErrors.NotNull));
        var adjacent = request.Reader.String("AdjacentShardToMerge")
                       ?? throw KinesisRequest.Error(ValidationErrors.One(null, "adjacentShardToMerge", ValidationErrors.NotNull));
        await request.Reply(await request.AskStream(new ReshardStream(KinesisRequest.StreamIdOf(name), ReshardStream.Merge, shard, adjacent)));
    }
}
