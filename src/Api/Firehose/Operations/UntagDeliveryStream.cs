using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose.Operations;

public static class UntagDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var keys = request.Reader.StringList("TagKeys", "TagKeys");
        if (keys.Count is 0 or > 50)
            throw new ApiException(FirehoseErrors.Validation, $"1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length {(keys.Count == 0 ? "greater than or equal to 1" : "less than or equal to 50")}");
        await request.Reply(await request.Ask(new Actors.Firehose.UntagDeliveryStream(FirehoseRequest.IdOf(name), keys)));
    }
}
