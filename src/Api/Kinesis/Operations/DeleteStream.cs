using Shoal.Actors.Catalog;
using Shoal.Actors.Common;

namespace Shoal.Api.Kinesis.Operations;

public static class DeleteStream
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var reply = await request.AskStream(new Actors.Streams.DeleteStream(KinesisRequest.StreamIdOf(name)));
        if (reply is Actors.Queues.Done) await request.AskCatalog(new UnregisterStream(Account.Id, name));
        await request.Reply(reply);
    }
}
