using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>Registers an enhanced fan-out consumer; it is CREATING for a moment, then ACTIVE and able to subscribe.</summary>
public static class RegisterStreamConsumer
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamNameOfArn();
        var consumerName = request.Reader.String("ConsumerName");
        if (ConsumerRules.ValidateName(consumerName) is { } invalid) throw KinesisRequest.Error(invalid);
        var reply = await request.AskStream(new RegisterConsumer(KinesisRequest.StreamIdOf(name), consumerName!));
        await request.Reply<StreamConsumer>(reply, (w, consumer) =>
            w.Object("Consumer", c => KinesisRequest.WriteConsumer(c, name, consumer, request.Now)));
    }
}
