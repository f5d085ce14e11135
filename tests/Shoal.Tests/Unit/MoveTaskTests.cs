using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>Message move tasks (dead-letter redrive): what a task moves, in which batches, and how it ends.</summary>
[Trait("Tier", "Unit")]
public class MoveTaskTests
{
    static readonly string OrdersId = EntityIds.Queue(Account.Id, "orders");
    static readonly string BillingId = EntityIds.Queue(Account.Id, "billing");

    /// <summary>A dead-letter queue holding messages that came from the given sources, one each, oldest first.</summary>
    static TestQueue DeadLetterQueue(params string[] sources)
    {
        var dead = CreatedNamed("dead");
        for (var i = 0; i < sources.Length; i++)
        {
            var message = new QueueMessage(i, Guid.NewGuid().ToString(), $"m{i}", Msg.NoAttributes, Msg.NoAttributes, "sender", At(0), "md5", null);
            Expect.Reply<MovedMessagesAccepted>(dead.Run(new AcceptMovedMessages(dead.QueueId, R.Arn(sources[i]), IsDeadLetter: true,
                [new MovedMessage($"{sources[i]}#{i}", message.MessageId, message)]), At(0)));
        }
        return dead;
    }

    static MoveTaskStartedResult Start(TestQueue dead, long at, string? destination = null, int? rate = null) =>
        Expect.Reply<MoveTaskStartedResult>(dead.Run(new StartMoveTask(dead.QueueId, "task-1", destination, rate), at));

    static Decision Pump(TestQueue dead, long at) => dead.Decide(new PumpMoveTask(dead.QueueId), at);

    static MoveTaskView Latest(TestQueue dead, long at) =>
        Assert.Single(Expect.Reply<MoveTaskList>(dead.Run(new ListMoveTasks(dead.QueueId, 1), at)).Tasks);

    static void Confirm(TestQueue dead, Decision pumped, long at)
    {
        foreach (var e in pumped.Events) dead.State.Apply(e);
        foreach (var moving in pumped.Events.OfType<MessagesMoving>())
            dead.Run(new HandOffAnswered(dead.QueueId, moving.Sequences, moving.DestinationQueueId, moving.TaskId, null), at);
    }

    [Fact]
    public void A_task_counts_the_messages_to_move_when_it_starts_and_reports_itself_running()
    {
        var dead = DeadLetterQueue("orders", "orders", "billing");

        Start(dead, At(1), rate: 10);

        var task = Latest(dead, At(1));
        Assert.Equal((MoveTaskStatus.Running, 3L, 0L, 10), (task.Status, task.Task.ToMove, task.Moved, task.Task.MaxPerSecond));
        Assert.Equal(At(1), task.Task.StartedAt);
    }

    [Fact]
    public void Without_a_destination_each_message_goes_back_to_the_queue_it_was_dead_lettered_from_oldest_first()
    {
        var dead = DeadLetterQueue("orders", "billing", "orders");
        Start(dead, At(1));

        var moves = Pump(dead, At(1)).Events.OfType<MessagesMoving>().ToList();

        Assert.Equal([OrdersId, BillingId], moves.Select(m => m.DestinationQueueId));
        Assert.Equal(2, moves[0].Sequences.Count);
        Assert.True(moves[0].Sequences[0] < moves[0].Sequences[1]);
        Assert.All(moves, m => Assert.Equal("task-1", m.TaskId));
    }

    [Fact]
    public void With_a_destination_every_message_goes_there()
    {
        var dead = DeadLetterQueue("orders", "billing");
        Start(dead, At(1), destination: R.Arn("replay"));

        var move = Assert.Single(Pump(dead, At(1)).Events.OfType<MessagesMoving>());

        Assert.Equal(EntityIds.Queue(Account.Id, "replay"), move.DestinationQueueId);
        Assert.Equal(2, move.Sequences.Count);
    }

    [Fact]
    public void A_rate_limits_each_batch_to_a_second_of_messages()
    {
        var dead = DeadLetterQueue(Enumerable.Repeat("orders", 10).ToArray());
        Start(dead, At(1), rate: 3);

        Assert.Equal(3, Assert.Single(Pump(dead, At(1)).Events.OfType<MessagesMoving>()).Sequences.Count);
    }

    [Fact]
    public void The_task_completes_once_every_message_it_started_with_has_moved_and_counts_them()
    {
        var dead = DeadLetterQueue("orders", "orders");
        Start(dead, At(1));
        Confirm(dead, Pump(dead, At(1)), At(2));

        var last = Pump(dead, At(3));

        var ended = Assert.IsType<MoveTaskEnded>(Assert.Single(last.Events));
        Assert.Equal(MoveTaskStatus.Completed, ended.Status);
        dead.State.Apply(ended);
        var task = Latest(dead, At(3));
        Assert.Equal((MoveTaskStatus.Completed, 2L), (task.Status, task.Moved));
    }

    [Fact]
    public void Messages_arriving_after_the_start_are_left_for_a_later_task()
    {
        var dead = DeadLetterQueue("orders");
        Start(dead, At(1));
        dead.Send("later", At(2));
        var later = dead.State.BySequence().Last().Sequence;

        var move = Assert.Single(Pump(dead, At(3)).Events.OfType<MessagesMoving>());

        Assert.DoesNotContain(later, move.Sequences);
    }

    [Fact]
    public void An_in_flight_message_is_waited_for_not_moved_and_not_skipped()
    {
        var dead = DeadLetterQueue("orders");
        Assert.Single(dead.Receive(At(1), visibilityTimeout: 30));
        Start(dead, At(2));

        Assert.Empty(Pump(dead, At(3)).Events);
        Assert.Single(Pump(dead, At(40)).Events.OfType<MessagesMoving>());
    }

    [Fact]
    public void A_message_without_a_source_queue_stays_when_the_task_has_no_destination()
    {
        var dead = CreatedNamed("dead");
        dead.Send("sent directly", At(0));
        Start(dead, At(1));

        Assert.Equal(0, Latest(dead, At(1)).Task.ToMove);
        Assert.IsType<MoveTaskEnded>(Assert.Single(Pump(dead, At(2)).Events));
    }

    [Fact]
    public void Only_one_task_runs_per_queue()
    {
        var dead = DeadLetterQueue("orders");
        Start(dead, At(1));

        Expect.Rejection(ErrorCode.UnsupportedOperation, dead.Run(new StartMoveTask(dead.QueueId, "task-2", null, null), At(2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void A_rate_outside_1_to_500_is_InvalidParameterValue(int rate)
    {
        var dead = DeadLetterQueue("orders");
        Expect.Rejection(ErrorCode.InvalidParameterValue, dead.Run(new StartMoveTask(dead.QueueId, "t", null, rate), At(1)));
    }

    [Fact]
    public void Cancelling_ends_the_task_with_what_it_moved_so_far_and_a_second_cancel_finds_no_running_task()
    {
        var dead = DeadLetterQueue("orders", "orders", "orders");
        Start(dead, At(1), rate: 1);
        Confirm(dead, Pump(dead, At(1)), At(2));

        var cancelled = Expect.Reply<MoveTaskCancelled>(dead.Run(new CancelMoveTask(dead.QueueId, "task-1"), At(3)));

        Assert.Equal(1, cancelled.Moved);
        Assert.Equal(MoveTaskStatus.Cancelled, Latest(dead, At(3)).Status);
        Assert.Empty(Pump(dead, At(4)).Events);
        Expect.Rejection(ErrorCode.ResourceNotFound, dead.Run(new CancelMoveTask(dead.QueueId, "task-1"), At(5)));
    }

    [Fact]
    public void A_destination_refusing_the_messages_fails_the_task_with_its_reason_and_the_messages_stay()
    {
        var dead = DeadLetterQueue("orders");
        Start(dead, At(1));
        var pumped = Pump(dead, At(1));
        foreach (var e in pumped.Events) dead.State.Apply(e);
        var move = Assert.Single(pumped.Events.OfType<MessagesMoving>());

        dead.Run(new HandOffAnswered(dead.QueueId, move.Sequences, move.DestinationQueueId, "task-1",
            new Rejection(ErrorCode.QueueDoesNotExist, "The specified queue does not exist.")), At(2));

        var task = Latest(dead, At(2));
        Assert.Equal((MoveTaskStatus.Failed, "The specified queue does not exist."), (task.Status, task.FailureReason));
        Assert.Single(dead.Receive(At(3)));
    }

    [Fact]
    public void ListMessageMoveTasks_shows_the_newest_first_up_to_MaxResults_between_1_and_10()
    {
        var dead = DeadLetterQueue("orders");
        for (var i = 0; i < 12; i++)
        {
            dead.Run(new StartMoveTask(dead.QueueId, $"task-{i}", null, null), At(i));
            dead.Run(new CancelMoveTask(dead.QueueId, $"task-{i}"), At(i));
        }

        var listed = Expect.Reply<MoveTaskList>(dead.Run(new ListMoveTasks(dead.QueueId, 10), At(20))).Tasks;

        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"task-{i}"), listed.Select(t => t.Task.Id));
        Expect.Rejection(ErrorCode.InvalidParameterValue, dead.Run(new ListMoveTasks(dead.QueueId, 0), At(20)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, dead.Run(new ListMoveTasks(dead.QueueId, 11), At(20)));
    }

    [Fact]
    public void On_a_fifo_queue_a_group_waits_behind_its_in_flight_message_while_other_groups_move()
    {
        var dead = CreatedNamed("dead.fifo", (R.FifoQueue, "true"));
        foreach (var (body, group) in new[] { ("a1", "a"), ("a2", "a"), ("b1", "b") })
        {
            var message = new QueueMessage(0, Guid.NewGuid().ToString(), body, Msg.NoAttributes, Msg.NoAttributes, "s", At(0), "md5", null, group, body);
            dead.Run(new AcceptMovedMessages(dead.QueueId, R.Arn("orders.fifo"), true, [new MovedMessage(body, message.MessageId, message)]), At(0));
        }
        Assert.Equal("a1", Assert.Single(dead.Receive(At(1), max: 1, visibilityTimeout: 30)).Message.Body);
        Start(dead, At(2));

        var move = Assert.Single(Pump(dead, At(3)).Events.OfType<MessagesMoving>());

        Assert.Equal(["b1"], move.Sequences.Select(s => dead.State.Find(s)!.Message.Body));
    }
}
