using Shoal.Actors.Common;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Queues;

public enum MoveTaskStatus { Running, Completed, Cancelling, Cancelled, Failed }

/// <summary>What StartMessageMoveTask fixed: the messages up to LastSequence are the ones to move.</summary>
public sealed record MoveTask(string Id, string? DestinationArn, int? MaxPerSecond, long ToMove, long LastSequence, long StartedAt);

/// <summary>A task as ListMessageMoveTasks reports it.</summary>
public sealed record MoveTaskView(MoveTask Task, MoveTaskStatus Status, long Moved, string? FailureReason);

/// <summary>
/// Message move tasks (dead-letter redrive): a task moves the messages its queue held when it started,
/// oldest first, to one destination or back to each message's source queue, at most one task running
/// per queue. Pure; the entity paces the batches and carries them over.
/// </summary>
public static class MoveTaskRules
{
    public const int MaxRate = 500;
    public const int MaxListed = 10;
    /// <summary>Messages per hand-off when no rate is set: one write and one round trip each.</summary>
    public const int BatchSize = 100;

    public static Decision Start(QueueState state, StartMoveTask start, long now)
    {
        if (state.RunningTask is not null)
            return Decision.Reject(ErrorCode.UnsupportedOperation,
                "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
        if (start.MaxPerSecond is < 1 or > MaxRate)
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Value {start.MaxPerSecond} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and {MaxRate}.");
        var toMove = state.BySequence().Count(m => DestinationOf(start.DestinationArn, m) is not null);
        var task = new MoveTask(start.TaskId, start.DestinationArn, start.MaxPerSecond, toMove, state.NextSequence - 1, now);
        return new Decision(new MoveTaskStartedResult(task.Id), [new MoveTaskStarted(task)]);
    }

    /// <summary>The queue a message moves to: the task's destination, else the queue it was dead-lettered from.</summary>
    public static string? DestinationOf(string? destinationArn, StoredMessage message) =>
        (destinationArn ?? message.Message.DeadLetterSourceArn) is { } arn && RedriveRules.QueueNameOf(arn) is { } name
            ? EntityIds.Queue(Account.Id, name)
            : null;

    /// <summary>How many messages the next batch may carry: a second's worth at the task's rate.</summary>
    public static int NextBatchSize(MoveTask task) => Math.Min(BatchSize, task.MaxPerSecond ?? BatchSize);

    /// <summary>
    /// The running task's next batch: visible messages of the task, oldest first, one MessagesMoving per
    /// destination. On FIFO queues a group waits behind its earlier message while that one is hidden.
    /// The task completes once none of its messages is left (in flight ones are waited for).
    /// </summary>
    public static Decision Pump(QueueState state, long now)
    {
        if (state.RunningTask is not { } running) return Decision.Answer(new Done());
        var task = running.Task;
        var limit = NextBatchSize(task);
        var batch = new List<(string Destination, long Sequence)>(limit);
        var waiting = false;
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in state.BySequence())
        {
            if (message.Sequence > task.LastSequence || batch.Count == limit) break;
            if (state.IsExpired(message, now) || DestinationOf(task.DestinationArn, message) is not { } destination) continue;
            var group = message.Message.MessageGroupId ?? "";
            if (message.MovingTo is not null || !message.IsVisible(now) || (state.IsFifo && blocked.Contains(group)))
            {
                waiting = true;
                if (state.IsFifo) blocked.Add(group);
                continue;
            }
            batch.Add((destination, message.Sequence));
        }
        if (batch.Count == 0)
            return waiting
                ? Decision.Answer(new Done())
                : new Decision(new Done(), [new MoveTaskEnded(task.Id, MoveTaskStatus.Completed, null, now)]);
        var events = batch
            .GroupBy(m => m.Destination, StringComparer.Ordinal)
            .Select(g => (IQueueEvent)new MessagesMoving(g.Select(m => m.Sequence).ToList(), g.Key, task.Id))
            .ToList();
        return new Decision(new Done(), events);
    }

    public static Decision List(QueueState state, ListMoveTasks list)
    {
        if (list.MaxResults is < 1 or > MaxListed)
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Value {list.MaxResults} for parameter MaxResults is invalid. Reason: Must be between 1 and {MaxListed}.");
        return Decision.Answer(new MoveTaskList(state.MoveTasks.Reverse().Take(list.MaxResults).ToList()));
    }

    public static Decision Cancel(QueueState state, CancelMoveTask cancel, long now)
    {
        if (state.RunningTask is not { } running || running.Task.Id != cancel.TaskId)
            return Decision.Reject(ErrorCode.ResourceNotFound, "The task does not exist or is not running.");
        return new Decision(new MoveTaskCancelled(running.Moved),
            [new MoveTaskEnded(cancel.TaskId, MoveTaskStatus.Cancelled, null, now)]);
    }
}
