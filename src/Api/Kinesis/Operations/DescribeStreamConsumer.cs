namespace Shoal.Api.Kinesis.Operations;

/// <summary>A consumer by its ARN, or by StreamARN and ConsumerName, with the stream it reads.</summary>
public static class DescribeStreamConsumer
{
    public static async Task Handle(KinesisRequest request)
    {
        var (streamName, consumerName, arn) = request.ConsumerNamed();
        var stream = await request.Stream(streamName);
        var consumer = KinesisRequest.Consumer(stream, consumerName, arn);
        await request.Call.Respond(w => w.Object("ConsumerDescription", d =>
        {
            KinesisRequest.WriteConsumer(d, stream.Name, consumer, request.Now);
            d.String("StreamARN", stream.Arn);
        }));
    }
}
