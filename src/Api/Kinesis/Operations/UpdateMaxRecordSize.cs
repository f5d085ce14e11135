namespace Shoal.Api.Kinesis.Operations;

/// <summary>Raises (or lowers) the largest record the stream accepts, up to 10 MiB; records already stored keep their size.</summary>
public static class UpdateMaxRecordSize
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var kib = request.Reader.Int("MaxRecordSizeInKiB")
                  ?? throw KinesisRequest.Error(Actors.Streams.ValidationErrors.One(null, "maxRecordSizeInKiB", Actors.Streams.ValidationErrors.NotNull));
        await request.Reply(await request.AskStream(new Actors.Streams.UpdateMaxRecordSize(KinesisRequest.StreamIdOf(name), kib)));
    }
}
