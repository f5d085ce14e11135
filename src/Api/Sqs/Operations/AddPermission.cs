namespace Shoal.Api.Sqs.Operations;

public static class AddPermission
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var r = request.Reader;
        var command = new Actors.Queues.AddPermission(queueId, r.String("Label") ?? "",
            r.StringList("AWSAccountIds", "AWSAccountId"), r.StringList("Actions", "ActionName"));
        await request.Reply(await request.AskQueue(command));
    }
}
