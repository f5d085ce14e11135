using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>UNIFORM_SCALING to TargetShardCount open shards with even ranges, by splits then merges, as AWS does it.</summary>
public static class UpdateShardCount
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var target = request.Reader.Int("TargetShardCount") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "targetShardCount", ValidationErrors.NotNull));
        var scaling = request.Reader.String("ScalingType") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "scalingType", ValidationErrors.NotNull));
        var before = await request.Stream(name);
        var reply = await request.AskStream(new ReshardStream(KinesisRequest.StreamIdOf(name), ReshardStream.UpdateCount, scaling, TargetShardCount: target));
        await request.Reply<Actors.Queues.Done>(reply, (w, _) =>
        {
            w.String("StreamName", name);
            w.Number("CurrentShardCount", before.Shards.Count(s => s.IsOpen));
            w.Number("TargetShardCount", target);
            w.String("StreamARN", before.Arn);
        });
    }
}
