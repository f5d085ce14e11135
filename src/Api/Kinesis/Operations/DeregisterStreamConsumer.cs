using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>Removes a consumer, by its ARN or by StreamARN and ConsumerName; its subscriptions end at their next event.</summary>
public static class DeregisterStreamConsumer
{
    public static async Task Handle(KinesisRequest request)
    {
        var (streamName, consumerName, arn) = request.ConsumerNamed();
        await request.Reply(await request.AskStream(new DeregisterConsumer(KinesisRequest.StreamIdOf(streamName), consumerName, arn)));
    }
}
