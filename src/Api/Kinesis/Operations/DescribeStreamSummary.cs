namespace Shoal.Api.Kinesis.Operations;

public static class DescribeStreamSummary
{
    public static async Task Handle(KinesisRequest request)
    {
        var stream = await request.Stream(request.StreamName());
        await request.Call.Respond(w => w.Object("StreamDescriptionSummary", d =>
        {
            d.String("StreamName", stream.Name);
            d.String("StreamARN", stream.Arn);
            d.String("StreamStatus", stream.Status);
            KinesisRequest.WriteMode(d, stream);
            d.Number("RetentionPeriodHours", stream.RetentionHours);
            d.Double("StreamCreationTimestamp", KinesisRequest.Seconds(stream.CreatedAt));
            d.ObjectList("EnhancedMonitoring", "member", [0], (m, _) => m.StringList("ShardLevelMetrics", "member", []));
            d.String("EncryptionType", stream.EncryptionType);
            d.String("KeyId", stream.KeyId);
            d.Number("OpenShardCount", stream.Shards.Count(s => s.IsOpen));
            d.Number("ConsumerCount", stream.Consumers?.Count ?? 0);
            d.Number("MaxRecordSizeInKiB", stream.MaxRecordSizeKiB);
        }));
    }
}
