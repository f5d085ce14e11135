using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>
/// Up to Limit records from the iterator's position, with the next iterator; at the end of a closed shard the next
/// iterator is null and ChildShards names the shards that follow it.
/// </summary>
public static class GetRecords
{
    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var limit = r.Int("Limit") ?? ShardDecider.MaxReadRecords;
        KinesisRequest.CheckRange(limit, "limit", ShardDecider.MaxReadRecords);
        var (iterator, invalid) = ShardIterators.Open(r.String("ShardIterator"), request.Now);
        if (invalid is not null) throw KinesisRequest.Error(invalid);
        var stream = await request.Stream(r.String("StreamARN") is not null ? request.StreamName() : iterator!.StreamName);
        if (ShardIterators.CheckStream(iterator!, stream.Name, stream.CreatedAt) is { } foreign) throw KinesisRequest.Error(foreign);
        var shard = stream.Shards[iterator!.ShardIndex];
        var reply = await request.AskShard(new ReadShard(KinesisRequest.ShardEntity(stream, shard.Index), stream.Name, shard.Index, stream.RetentionHours,
            iterator.Position, limit));
        await request.Reply<ShardRecords>(reply, (w, read) =>
        {
            w.ObjectList("Records", "member", read.Records, KinesisRequest.WriteRecord);
            var next = ShardIterators.Next(iterator, read.NextPosition, read.ClosedEnd, request.Now);
            w.String("NextShardIterator", next is null ? null : ShardIterators.Encode(next));
            w.Number("MillisBehindLatest", read.MillisBehindLatest);
            if (next is null) KinesisRequest.WriteChildShards(w, stream, shard);
        });
    }
}
