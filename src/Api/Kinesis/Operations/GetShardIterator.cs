using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

public static class GetShardIterator
{
    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var name = request.StreamName();
        var shardId = r.String("ShardId");
        if (shardId is null) throw KinesisRequest.Error(ValidationErrors.One(null, "shardId", ValidationErrors.NotNull));
        var stream = await request.Stream(name);
        var index = ShardIds.IndexOf(shardId);
        if (index is null || index >= stream.Shards.Count) throw KinesisRequest.Error(StreamRules.ShardDoesNotExist(shardId, name));
        var start = new IteratorStart(r.String("ShardIteratorType") ?? "", r.String("StartingSequenceNumber"),
            r.Decimal("Timestamp") is { } seconds ? ShardIterators.EpochMillis(seconds) : null);
        var reply = await request.AskShard(new LocateIterator(KinesisRequest.ShardEntity(stream, index.Value), name, index.Value, stream.RetentionHours, start));
        await request.Reply<IteratorPosition>(reply, (w, position) =>
            w.String("ShardIterator", ShardIterators.Encode(new ShardIterator(name, stream.CreatedAt, index.Value, position.Position, request.Now))));
    }
}
