using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

public static class IncreaseStreamRetentionPeriod
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var hours = request.Reader.Int("RetentionPeriodHours") ?? 0;
        await request.Reply(await request.AskStream(new ChangeRetention(KinesisRequest.StreamIdOf(name), hours, Increase: true)));
    }
}
