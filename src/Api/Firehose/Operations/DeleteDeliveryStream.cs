using Shoal.Actors.Catalog;
using Shoal.Actors.Common;

namespace Shoal.Api.Firehose.Operations;

/// <summary>The delivery stream is gone at once, with what its buffer held (AWS makes no promise to deliver it).</summary>
public static class DeleteDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var reply = await request.Ask(new Actors.Firehose.DeleteDeliveryStream(FirehoseRequest.IdOf(name)));
        if (reply is Rejection rejection) throw FirehoseRequest.Error(rejection);
        await request.AskCatalog(new UnregisterDeliveryStream(Account.Id, name));
        await request.Reply(reply);
    }
}
