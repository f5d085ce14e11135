using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class ListMessageMoveTasks
{
    public static async Task Handle(SqsRequest request)
    {
        var r = request.Reader;
        var sourceArn = r.Required("SourceArn");
        var source = await MoveTasks.ExistingQueue(request, sourceArn, "SourceArn");
        var reply = await request.AskQueue(new ListMoveTasks(EntityIds.Queue(Account.Id, source), r.Int("MaxResults") ?? 1));
        await request.Reply<MoveTaskList>(reply, (w, list) =>
            w.ObjectList("Results", "Results", list.Tasks, (t, view) => Write(t, view, sourceArn)));
    }

    static void Write(IResponseWriter w, MoveTaskView view, string sourceArn)
    {
        // The handle is shown for the running task only: it is what cancels it.
        if (view.Status == MoveTaskStatus.Running) w.String("TaskHandle", MoveTaskHandle.Encode(view.Task.Id, sourceArn));
        w.String("Status", view.Status.ToString().ToUpperInvariant());
        w.String("SourceArn", sourceArn);
        w.String("DestinationArn", view.Task.DestinationArn);
        if (view.Task.MaxPerSecond is { } rate) w.Number("MaxNumberOfMessagesPerSecond", rate);
        w.Number("ApproximateNumberOfMessagesMoved", view.Moved);
        w.Number("ApproximateNumberOfMessagesToMove", view.Task.ToMove);
        w.String("FailureReason", view.FailureReason);
        w.Number("StartedTimestamp", view.Task.StartedAt);
    }
}
