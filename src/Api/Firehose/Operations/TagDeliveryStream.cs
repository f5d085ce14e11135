using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose.Operations;

public static class TagDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var tags = Tags.Read(request.Reader, "Tags");
        if (tags.Count == 0)
            throw new ApiException(FirehoseErrors.Validation, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
        await request.Reply(await request.Ask(new Actors.Firehose.TagDeliveryStream(FirehoseRequest.IdOf(name), tags)));
    }
}
