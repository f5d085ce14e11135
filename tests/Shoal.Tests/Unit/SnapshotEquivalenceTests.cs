using System.Globalization;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>
/// Snapshot plus tail equals full replay: a seeded run of random commands, with a snapshot taken
/// part way, must leave the restored state answering exactly as the state that never snapshotted.
/// </summary>
[Trait("Tier", "Unit")]
public class SnapshotEquivalenceTests
{
    const int Steps = 500;

    /// <summary>Short enough that messages expire within a run.</summary>
    static readonly (string Name, string Value) ShortRetention = (R.MessageRetentionPeriod, "120");
    static readonly (string Name, string Value) FifoQueue = (R.FifoQueue, "true");

    [Fact]
    public void Restored_snapshot_given_the_same_tail_answers_like_the_full_history()
    {
        var seen = new HashSet<Type>();
        for (var seed = 1; seed <= 20; seed++) seen.UnionWith(RunWithSnapshot(seed, fifo: false));

        // The tails are only worth something if together they exercised every kind of change.
        Type[] wanted = [typeof(MessageSent), typeof(MessagesReceived), typeof(MessageDeleted), typeof(MessageVisibilityChanged),
            typeof(MessagesExpired), typeof(QueuePurged), typeof(QueueAttributesSet), typeof(QueueDeleted), typeof(QueueCreated)];
        Assert.Empty(wanted.Except(seen).Select(t => t.Name));
    }

    /// <summary>
    /// Fair queues: a standard queue's per-group bookkeeping is rebuilt from the snapshot's messages. Bigger
    /// batches and longer visibility timeouts pile up enough in flight for a group to turn noisy.
    /// </summary>
    [Fact]
    public void Restored_fair_queue_snapshot_given_the_same_tail_answers_like_the_full_history()
    {
        var seen = new HashSet<Type>();
        for (var seed = 1; seed <= 20; seed++) seen.UnionWith(RunWithSnapshot(seed, fifo: false, busy: true));

        // FairQueueRules marks a tail that ran with a noisy tenant.
        Type[] wanted = [typeof(MessageSent), typeof(MessagesReceived), typeof(MessageDeleted), typeof(MessageVisibilityChanged),
            typeof(MessagesExpired), typeof(QueueAttributesSet), typeof(FairQueueRules)];
        Assert.Empty(wanted.Except(seen).Select(t => t.Name));
    }

    /// <summary>FIFO queues add group ordering and deduplication ids, which the snapshot must carry too.</summary>
    [Fact]
    public void Restored_fifo_snapshot_given_the_same_tail_answers_like_the_full_history()
    {
        var seen = new HashSet<Type>();
        for (var seed = 1; seed <= 20; seed++) seen.UnionWith(RunWithSnapshot(seed, fifo: true));

        Type[] wanted = [typeof(MessageSent), typeof(MessagesReceived), typeof(MessageDeleted), typeof(MessageVisibilityChanged),
            typeof(MessagesExpired), typeof(FifoIdsExpired), typeof(QueueAttributesSet), typeof(QueueDeleted), typeof(QueueCreated)];
        Assert.Empty(wanted.Except(seen).Select(t => t.Name));
    }

    /// <summary>
    /// Dead letters (messages parked on their way out, confirmed or refused), messages moved in under keys,
    /// and move tasks must survive the snapshot too.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Restored_snapshot_with_dead_letters_and_move_tasks_answers_like_the_full_history(bool fifo)
    {
        var seen = new HashSet<Type>();
        for (var seed = 1; seed <= 20; seed++) seen.UnionWith(RunWithSnapshot(seed, fifo, redrive: true));

        Type[] wanted = [typeof(MessagesMoving), typeof(MessagesMoved), typeof(MessagesMoveRefused), typeof(MessageSent),
            typeof(MoveTaskStarted), typeof(MoveTaskEnded), typeof(MessagesReceived)];
        Assert.Empty(wanted.Except(seen).Select(t => t.Name));
    }

    /// <summary>
    /// Runs seeded random commands, snapshotting part way and applying the tail to both states;
    /// returns the event types of the tail.
    /// </summary>
    static HashSet<Type> RunWithSnapshot(int seed, bool fifo, bool busy = false, bool redrive = false)
    {
        var random = new Random(seed);
        (string Name, string Value)[] attributes = fifo ? [ShortRetention, FifoQueue] : [ShortRetention];
        if (redrive)
            attributes = [.. attributes, (R.RedrivePolicy, $$"""{"deadLetterTargetArn":"{{R.Arn(fifo ? "dead.fifo" : "dead")}}","maxReceiveCount":2}""")];
        var queue = fifo ? CreatedNamed("orders.fifo", attributes) : Created(attributes);
        var handles = new List<string>();
        var seen = new HashSet<Type>();
        var snapshotAt = random.Next(Steps / 5, Steps * 2 / 5);
        QueueState? restored = null;
        var now = T0;

        for (var step = 0; step < Steps; step++)
        {
            now += random.Next(0, 4_000);
            if (step == snapshotAt) restored = QueueState.FromSnapshot(queue.State.ToSnapshot());
            var command = redrive && random.Next(3) == 0
                ? RandomMoveCommand(random, queue, fifo)
                : RandomCommand(random, queue, handles, attributes, busy);
            var decision = queue.Decide(command, now);
            var context = $"seed {seed}, step {step} ({command.GetType().Name} at +{now - T0} ms, snapshot at step {snapshotAt})";
            if (restored is not null)
                Same(context, Describe(decision), Describe(QueueDecider.Decide(restored, command, now)));
            // A snapshot taken just now, with an empty tail, must decide alike too.
            var fresh = QueueState.FromSnapshot(queue.State.ToSnapshot());
            Same(context + " from a fresh snapshot", Describe(decision), Describe(QueueDecider.Decide(fresh, command, now)));

            foreach (var e in decision.Events)
            {
                queue.State.Apply(e);
                if (restored is null) continue;
                restored.Apply(e);
                seen.Add(e.GetType());
            }
            if (decision.Reply is ReceiveResult received) handles.AddRange(received.Messages.Select(m => m.ReceiptHandle));
            // Marks that the tail ran with a noisy tenant, so the fair pick was compared too.
            if (restored is not null && FairQueueRules.NoisyGroups(queue.State, now).Count > 0) seen.Add(typeof(FairQueueRules));

            if (restored is not null)
                Same(context, Observe(queue.State, queue.QueueId, now), Observe(restored, queue.QueueId, now));
        }

        Same($"seed {seed}, final snapshot", Describe(queue.State.ToSnapshot()), Describe(restored!.ToSnapshot()));
        return seen;
    }

    static void Same(string context, string expected, string actual)
    {
        if (expected != actual) Assert.Fail($"{context}:\n  full history: {expected}\n  restored:     {actual}");
    }

    /// <summary>What a client could see at this moment, without changing the state.</summary>
    static string Observe(QueueState state, string queueId, long now) =>
        Describe(QueueDecider.Decide(state, new GetQueueAttributes(queueId, ["All"]), now))
        + " | " + Describe(QueueDecider.Decide(state, new ListMoveTasks(queueId, 10), now))
        + " | " + Describe(QueueDecider.Decide(state, new ReceiveMessages(queueId, 10, null, null), now));

    static IQueueCommand RandomCommand(Random random, TestQueue queue, List<string> handles, (string Name, string Value)[] attributes, bool busy)
    {
        var fifo = queue.Name.EndsWith(FifoRules.Suffix, StringComparison.Ordinal);
        var queueId = queue.QueueId;
        string Handle() => handles.Count == 0 || random.Next(20) == 0 ? "AQEBgarbage" : handles[random.Next(handles.Count)];
        return random.Next(100) switch
        {
            < 30 => new SendMessages(queueId, Enumerable.Range(0, random.Next(1, busy ? 11 : 4)).Select(i => RandomEntry(random, i, fifo)).ToList(),
                IsBatch: true, "sender"),
            < 55 => new ReceiveMessages(queueId, random.Next(1, 11), random.Next(3) == 0 ? null : busy ? random.Next(30, 300) : random.Next(0, 40), null,
                fifo && random.Next(2) == 0 ? $"attempt-{random.Next(5)}" : null),
            < 65 => new DeleteMessages(queueId, [new ReceiptEntry("d", Handle())], IsBatch: false),
            < 75 => new ChangeVisibility(queueId, [new VisibilityEntry("c", Handle(), random.Next(0, 40))], IsBatch: false),
            < 83 => new SetQueueAttributes(queueId, RandomAttribute(random, fifo)),
            < 86 => new PurgeQueue(queueId),
            < 87 => new DeleteQueue(queueId),
            < 91 => queue.Create(attributes),
            _ => new ExpireMessages(queueId),
        };
    }

    /// <summary>What dead letters and move tasks add: answers to hand-offs, messages moved in, tasks.</summary>
    static IQueueCommand RandomMoveCommand(Random random, TestQueue queue, bool fifo)
    {
        var queueId = queue.QueueId;
        var moving = queue.State.Moving().Select(m => m.Sequence).ToList();
        var destination = moving.Count == 0 ? "nowhere" : queue.State.Find(moving[0])!.MovingTo!;
        var taskId = queue.State.RunningTask?.Task.Id;
        var source = R.Arn(fifo ? "source.fifo" : "source");
        return random.Next(100) switch
        {
            < 30 => new HandOffAnswered(queueId, moving.Take(random.Next(1, 4)).ToList(), destination, queue.State.Find(moving.FirstOrDefault())?.MoveTask,
                random.Next(4) == 0 ? new Rejection(ErrorCode.QueueDoesNotExist, "gone") : null),
            < 55 => new AcceptMovedMessages(queueId, source, IsDeadLetter: random.Next(2) == 0,
                Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
                {
                    var entry = RandomEntry(random, 0, fifo);
                    var message = new QueueMessage(random.Next(1000), entry.MessageId, entry.Body!, entry.Attributes, Msg.NoAttributes, "sender",
                        T0, "md5", null, entry.MessageGroupId, entry.MessageDeduplicationId);
                    return new MovedMessage($"{source}#{random.Next(40)}", entry.MessageId, message);
                }).ToList()),
            < 70 => new StartMoveTask(queueId, $"task-{random.Next(1000)}", random.Next(2) == 0 ? null : R.Arn(fifo ? "other.fifo" : "other"),
                random.Next(3) == 0 ? null : random.Next(1, 5)),
            < 90 => new PumpMoveTask(queueId),
            _ => new CancelMoveTask(queueId, taskId ?? "none"),
        };
    }

    static SendEntry RandomEntry(Random random, int index, bool fifo)
    {
        var messageId = new byte[16];
        random.NextBytes(messageId);
        var attributes = Enumerable.Range(0, random.Next(0, 3))
            .ToDictionary(i => $"a{i}", i => Msg.Text(random.Next(1000).ToString(CultureInfo.InvariantCulture)));
        if (fifo)
            // Few groups and ids, so groups block and ids repeat within and across the window.
            return new SendEntry($"e{index}", new Guid(messageId).ToString(), new string('x', random.Next(1, 50)), null, attributes,
                Msg.NoAttributes, $"g{random.Next(3)}", $"d{random.Next(60)}");
        // Mostly one group, so it turns noisy now and then (fair queues), and some messages without one.
        return new SendEntry($"e{index}", new Guid(messageId).ToString(), new string('x', random.Next(1, 50)),
            random.Next(3) == 0 ? random.Next(0, 10) : null, attributes, Msg.NoAttributes,
            random.Next(4) switch { 0 => null, 1 => "g1", _ => "g0" });
    }

    static Dictionary<string, string> RandomAttribute(Random random, bool fifo)
    {
        if (fifo && random.Next(5) == 0)
            return new() { [FifoRules.DeduplicationScope] = random.Next(2) == 0 ? "queue" : "messageGroup" };
        var (name, value) = random.Next(4) switch
        {
            0 => (R.VisibilityTimeout, random.Next(0, 60)),
            1 => (R.DelaySeconds, random.Next(0, 10)),
            2 => (R.MessageRetentionPeriod, random.Next(60, 300)),
            _ => (R.MaximumMessageSize, random.Next(1024, 2048)),
        };
        return new() { [name] = value.ToString(CultureInfo.InvariantCulture) };
    }

    static string Describe(Decision decision) =>
        Describe(decision.Reply) + " => [" + string.Join("; ", decision.Events.Select(Describe)) + "]";

    static string Describe(object reply) => reply switch
    {
        Rejection r => $"Rejected {r.Code}",
        ReceiveResult r => "Received " + List(r.Messages.Select(m => $"{m.Message.Sequence}#{m.ReceiveCount}@{m.FirstReceivedAt} {m.ReceiptHandle}")),
        MoveTaskList l => "Tasks " + List(l.Tasks.Select(t => $"{t.Task}:{t.Status}:{t.Moved}")),
        SendResult s => "Sent " + List(s.Successful.Select(e => $"{e.Id}={e.MessageId}#{e.SequenceNumber}")) + " failed " + List(s.Failed.Select(f => $"{f.Id}:{f.Code}")),
        EntriesResult e => "Entries " + List(e.Successful) + " failed " + List(e.Failed.Select(f => $"{f.Id}:{f.Code}")),
        QueueAttributesResult a => "Attributes " + Pairs(a.Attributes),
        _ => reply.ToString() ?? "",
    };

    static string Describe(IQueueEvent e) => e switch
    {
        MessageSent s => $"Sent {s.Message.Sequence} visible at {s.VisibleAt}",
        MessagesReceived r => $"Received {List(r.Sequences)} at {r.At} until {r.VisibleAt} attempt {r.AttemptId}",
        MessagesExpired x => $"Expired {List(x.Sequences)}",
        MessagesMoving m => $"Moving {List(m.Sequences)} to {m.DestinationQueueId} by {m.TaskId}",
        MessagesMoved m => $"Moved {List(m.Sequences)} by {m.TaskId}",
        MessagesMoveRefused m => $"Refused {List(m.Sequences)} by {m.TaskId} at {m.At}",
        QueueAttributesSet a => $"Set {Pairs(a.Attributes)} at {a.At}",
        QueueCreated c => $"Created {c.Name} {Pairs(c.Attributes)} at {c.At}",
        _ => e.ToString() ?? "",
    };

    static string Describe(QueueSnapshot s) =>
        $"{s.Name} exists={s.Exists} created={s.CreatedAt} modified={s.LastModifiedAt} deleted={s.DeletedAt} purged={s.LastPurgedAt} "
        + $"next={s.NextSequence} attributes={Pairs(s.Attributes)} tags={Pairs(s.Tags)} messages="
        + List(s.Messages.Select(m => $"{m.Message.Sequence}:{m.VisibleAt}#{m.ReceiveCount}@{m.FirstReceivedAt}"))
        + " deduplication=" + List((s.Deduplication ?? []).Select(d => $"{d.Key.Replace('\n', '/')}={d.Sequence}@{d.SentAt}"))
        + " attempts=" + List((s.ReceiveAttempts ?? []).Select(a => $"{a.Id}={List(a.Sequences)}@{a.At}-{a.VisibleAt}"))
        + " moving=" + List(s.Messages.Where(m => m.MovingTo is not null).Select(m => $"{m.Message.Sequence}>{m.MovingTo}/{m.MoveTask}"))
        + " moved-in=" + List((s.MovedIn ?? []).Select(r => $"{r.Key}@{r.At}"))
        + " tasks=" + List((s.MoveTasks ?? []).Select(t => $"{t.Task}:{t.Status}:{t.Moved}:{t.FailureReason}"))
        + $" redrive-blocked={s.RedriveBlockedUntil}";

    static string List<T>(IEnumerable<T> items) => "[" + string.Join(",", items) + "]";

    static string Pairs(IReadOnlyDictionary<string, string> pairs) =>
        List(pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
