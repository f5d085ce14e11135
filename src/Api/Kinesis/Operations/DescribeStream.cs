using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

public static class DescribeStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var stream = await request.Stream(request.StreamName());
        var limit = request.Reader.Int("Limit") ?? 100;
        KinesisRequest.CheckRange(limit, "limit", 10_000);
        var after = ShardIds.IndexOf(request.Reader.String("ExclusiveStartShardId"));
        var shards = stream.Shards.Where(s => after is null || s.Index > after).ToList();
        await request.Call.Respond(w => w.Object("StreamDescription", d =>
        {
            d.String("StreamName", stream.Name);
            d.String("StreamARN", stream.Arn);
            d.String("StreamStatus", stream.Status);
            KinesisRequest.WriteMode(d, stream);
            d.ObjectList("Shards", "member", shards.Take(limit), KinesisRequest.WriteShard);
            d.Bool("HasMoreShards", shards.Count > limit);
            d.Number("RetentionPeriodHours", stream.RetentionHours);
            d.Double("StreamCreationTimestamp", KinesisRequest.Seconds(stream.CreatedAt));
            d.ObjectList("EnhancedMonitoring", "member", [0], (m, _) => m.StringList("ShardLevelMetrics", "member", []));
            d.String("EncryptionType", stream.EncryptionType);
            d.String("KeyId", stream.KeyId);
        }));
    }
}
