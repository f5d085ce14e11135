using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>The ARN-based tag API, for a stream's ARN.</summary>
public static class TagResource
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = ResourceStream(request);
        await request.Reply(await request.AskStream(new TagStream(KinesisRequest.StreamIdOf(name), request.Reader.StringMap("Tags", "Tags"))));
    }

    /// <summary>The stream a ResourceARN names; any other ARN names nothing here (ResourceNotFoundException).</summary>
    public static string ResourceStream(KinesisRequest request)
    {
        var arn = request.Reader.String("ResourceARN");
        if (arn is null) throw KinesisRequest.Error(ValidationErrors.One(null, "resourceARN", ValidationErrors.NotNull));
        return StreamRules.NameOfArn(arn) ?? throw KinesisRequest.Error(new Actors.Common.Rejection(Actors.Common.ErrorCode.ResourceNotFound, $"Resource {arn} not found."));
    }
}
