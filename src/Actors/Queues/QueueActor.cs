using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;


namespace Shoal.Actors.Queues;

/// <summary>
/// One SQS queue: recover, decide, persist, apply, reply. Writes are group-committed:
/// commands are decided at once against the in-memory state; their events go out in a
/// PersistAll as soon as one of a few write slots is free, and the commands that arrive
/// while every slot is busy are persisted together in the next one. Every reply waits
/// for the write that carries its events (and for the writes before it), so a reply
/// means committed.
/// </summary>
public sealed class QueueActor : UntypedPersistentActor, IWithTimers
{
    readonly string _queueId;
    readonly TimeProvider _time;
    readonly QueueSettings _settings;
    readonly ILoggingAdapter _log = Context.GetLogger();
    QueueState _state = new();

    // Group commit: the batches being written (oldest first), and the one filling up behind them.
    // A few writes in flight keep the journal busy while the actor gathers the next batch.
    const int MaxWritesInFlight = 4;
    readonly Queue<List<(IActorRef To, object Reply)>> _writing = new();
    List<IQueueEvent> _nextEvents = [];
    List<(IActorRef To, object Reply)> _nextReplies = [];
    long _eventsSinceSnapshot;
    bool _draining;

    // Long polls parked until a message is visible or their wait ends; never persisted.
    readonly List<Waiter> _waiters = [];
    long _nextWaiterId;

    readonly IActorRef _catalog;
    readonly IActorRef _queues;

    // Hand-offs to other queues (dead letters, move tasks): sequences asked and not yet answered, and
    // when the running task may send its next batch (its rate).
    readonly HashSet<long> _handingOff = new();
    long _nextBatchAt;
    static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan HandOffRetryInterval = TimeSpan.FromSeconds(5);
    const long MaxHandOffBytes = 4 * 1024 * 1024;

    // Throttling mode: one token bucket per message action, in memory only (a restart refills them).
    readonly bool _throttled;
    readonly Dictionary<ThrottledAction, TokenBucket> _buckets = [];

    public QueueActor(string queueId, TimeProvider time, QueueSettings settings, IActorRef catalog, IActorRef queues)
    {
        _queueId = queueId;
        _time = time;
        _settings = settings;
        _catalog = catalog;
        _queues = queues;
        _throttled = ThrottleRules.IsThrottled(settings.Throttling, EntityIds.QueueName(queueId));
    }

    /// <param name="catalog">The account's catalog (its region), told of the queue after each recovery.</param>
    /// <param name="queues">The queue region, through which dead letters and moved messages reach their queue.</param>
    public static Props Props(string queueId, TimeProvider time, QueueSettings settings, IActorRef? catalog = null, IActorRef? queues = null) =>
        Akka.Actor.Props.Create(() => new QueueActor(queueId, time, settings, catalog ?? ActorRefs.Nobody, queues ?? ActorRefs.Nobody));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string queueId) => $"queue/{queueId}";

    public override string PersistenceId => PersistenceIdOf(_queueId);
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: QueueSnapshot snapshot }:
                _state = QueueState.FromSnapshot(snapshot);
                break;
            case IQueueEvent e:
                _state.Apply(e);
                _eventsSinceSnapshot++;
                break;
            case RecoveryCompleted:
                StartExpiryTimer();
                ReconcileCatalog();
                ResumeMoves();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            // The entity's own commands: nobody waits for their answers.
            case ExpireMessages or PumpMoveTask or HandOffAnswered:
                Handle((IQueueCommand)message, ActorRefs.Nobody);
                break;
            case SendHandOff send:
                SendMoving(send.Sequences);
                break;
            case HandOffLost lost:
                _handingOff.ExceptWith(lost.Sequences);
                break;
            case MoveTick:
                Tick();
                break;
            case IQueueCommand command:
                Handle(command, Sender);
                break;
            case WaitEnded ended:
                EndWait(ended.WaiterId);
                break;
            case WakeUp:
                ServeWaiters();
                break;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                _log.Warning(failed.Cause, "Snapshot of {0} failed; the journal keeps every event", _queueId);
                break;
            case DeleteMessagesSuccess or DeleteSnapshotsSuccess:
                break;
            case DeleteMessagesFailure failed:
                _log.Warning(failed.Cause, "Deleting events of {0} covered by a snapshot failed", _queueId);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    void Handle(IQueueCommand command, IActorRef replyTo)
    {
        if (_draining)
        {
            Stash.Stash();
            return;
        }
        var now = _time.NowMs();
        if (_throttled && OverQuota(command, now) is { } throttled)
        {
            Commit(Decision.Answer(throttled), replyTo);
            return;
        }
        if (command is HandOffAnswered answered)
        {
            _handingOff.ExceptWith(answered.Sequences);
            // A task's batch is through: the next one goes as soon as its rate allows.
            if (answered.TaskId is not null)
                Timers.StartSingleTimer(nameof(MoveTick), MoveTick.Instance, TimeSpan.FromMilliseconds(Math.Max(0, _nextBatchAt - now)));
        }
        var decision = QueueDecider.Decide(_state, command, now);
        if (command is ReceiveMessages receive && decision.Reply is ReceiveResult { Messages.Count: 0 }
            && QueueDecider.WaitTimeSeconds(_state, receive) is > 0 and var wait)
        {
            // An empty receive may still have moved dead letters out: commit that, then wait.
            if (decision.Events.Count > 0)
            {
                Commit(decision, ActorRefs.Nobody);
                React(decision.Events);
            }
            Park(receive, replyTo, now + wait * 1000L);
            return;
        }
        Commit(decision, replyTo);
        if (decision.Events.Count > 0) React(decision.Events);
    }

    /// <summary>Throttling mode: takes a token for a message action, or says why the call is refused.</summary>
    Rejection? OverQuota(IQueueCommand command, long now)
    {
        if (ThrottleRules.ActionOf(command) is not { } action || !_state.Exists) return null;
        var rate = ThrottleRules.CallsPerSecond(_state, _settings.ThrottledStandardCallsPerSecond);
        if (rate <= 0) return null;
        // A bucket made for another rate (the queue's throughput limit changed) starts over full.
        var bucket = _buckets.TryGetValue(action, out var current) && current.Rate == rate ? current : TokenBucket.Full(rate, now);
        var (allowed, next) = bucket.Take(now);
        _buckets[action] = next;
        return allowed ? null : new Rejection(ErrorCode.RequestThrottled,
            $"Rate exceeded: {action} on this queue is limited to {rate} calls per second (Shoal throttling mode).");
    }

    /// <summary>What the entity does beyond persisting once its state changed: one pass over the events.</summary>
    void React(IReadOnlyList<IQueueEvent> events)
    {
        var serveWaiters = false;
        foreach (var e in events)
        {
            switch (e)
            {
                // On FIFO queues a delete can release a group held back by the deleted message.
                case MessageSent or MessageVisibilityChanged or MessagesMoveRefused:
                case MessageDeleted or MessagesMoved when _state.IsFifo:
                    serveWaiters = true;
                    break;
                case MessagesMoving moving:
                    // Carried over once committed: the reply to ourselves waits for the write.
                    Commit(Decision.Answer(new SendHandOff(moving.Sequences)), Self);
                    if (moving.TaskId is not null) PaceNextBatch(moving.Sequences.Count);
                    break;
                case MoveTaskStarted:
                    Timers.StartSingleTimer(nameof(MoveTick), MoveTick.Instance, TimeSpan.Zero);
                    break;
                case QueueCreated:
                    StartExpiryTimer();
                    break;
                case QueueDeleted:
                    EndAllWaits();
                    break;
            }
        }
        if (serveWaiters) ServeWaiters();
    }

    /// <summary>Applies the events now and sends the reply once they are in the journal.</summary>
    void Commit(Decision decision, IActorRef replyTo)
    {
        foreach (var e in decision.Events) _state.Apply(e);
        if (decision.Events.Count == 0 && _writing.Count == 0 && _nextReplies.Count == 0)
        {
            replyTo.Tell(decision.Reply);
            return;
        }
        _nextEvents.AddRange(decision.Events);
        _nextReplies.Add((replyTo, decision.Reply));
        if (_writing.Count < MaxWritesInFlight) Flush();
    }

    void Flush()
    {
        var events = _nextEvents;
        var replies = _nextReplies;
        _nextEvents = [];
        _nextReplies = [];
        _writing.Enqueue(replies);
        // Replies without events of their own still wait for the writes before them:
        // an answer never shows state that is not yet committed.
        if (events.Count > 0) PersistAllAsync(events, _ => { });
        DeferAsync(events.Count, written =>
        {
            ReplyAll(_writing.Dequeue());
            _eventsSinceSnapshot += written;
            if (SnapshotDue()) _draining = true;
            if (_nextReplies.Count > 0 && _writing.Count < MaxWritesInFlight) Flush();
            else if (_draining && _writing.Count == 0 && _nextReplies.Count == 0) TakeSnapshot();
        });
    }

    static void ReplyAll(List<(IActorRef To, object Reply)> replies)
    {
        foreach (var (to, reply) in replies) to.Tell(reply);
    }

    /// <summary>
    /// Snapshot once the events since the last one outnumber both the configured interval and
    /// the live messages: replay stays bounded and a big backlog is not re-copied too often.
    /// </summary>
    bool SnapshotDue() => _eventsSinceSnapshot >= Math.Max(_settings.SnapshotEvery, _state.MessageCount);

    void TakeSnapshot()
    {
        SaveSnapshot(_state.ToSnapshot());
        _eventsSinceSnapshot = 0;
        _draining = false;
        Stash.UnstashAll();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        RejectPendingReplies();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The in-memory state already holds the rejected events: restart from the journal.
        RejectPendingReplies();
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    void RejectPendingReplies()
    {
        var failure = new Rejection(ErrorCode.ServiceUnavailable, "The queue could not commit the request; retry it.");
        foreach (var (to, _) in _writing.SelectMany(replies => replies).Concat(_nextReplies)) to.Tell(failure);
        foreach (var waiter in _waiters) waiter.ReplyTo.Tell(failure);
        _writing.Clear();
        _nextReplies = [];
        _waiters.Clear();
    }

    void Park(ReceiveMessages receive, IActorRef replyTo, long deadline)
    {
        var waiter = new Waiter(_nextWaiterId++, receive, replyTo, deadline);
        _waiters.Add(waiter);
        Timers.StartSingleTimer(waiter.TimerKey, new WaitEnded(waiter.Id), TimeSpan.FromMilliseconds(deadline - _time.NowMs()));
        ScheduleWakeUp();
    }

    /// <summary>Hands newly visible messages to parked long polls, oldest poll first.</summary>
    void ServeWaiters()
    {
        while (_waiters.Count > 0)
        {
            var waiter = _waiters[0];
            var decision = QueueDecider.Decide(_state, waiter.Receive, _time.NowMs());
            if (decision.Reply is ReceiveResult { Messages.Count: 0 })
            {
                // Dead letters found on the way leave now; what they held back may be receivable next.
                if (decision.Events.Count == 0) break;
                Commit(decision, ActorRefs.Nobody);
                React(decision.Events);
                continue;
            }
            _waiters.RemoveAt(0);
            Timers.Cancel(waiter.TimerKey);
            Commit(decision, waiter.ReplyTo);
            React(decision.Events);
        }
        ScheduleWakeUp();
    }

    /// <summary>Wakes the entity when the next delayed or in-flight message becomes visible.</summary>
    void ScheduleWakeUp()
    {
        var now = _time.NowMs();
        // FIFO: visible messages may be held back by their group, so wait for the next one to turn visible.
        var upcoming = _state.IsFifo ? _state.NextVisibleAfter(now) : _state.NextVisibleAt;
        if (_waiters.Count == 0 || upcoming is not { } next || next == StoredMessage.Parked)
        {
            Timers.Cancel(nameof(WakeUp));
            return;
        }
        // A head that is visible yet unreceivable is an expired message: the expiry tick removes it.
        var delay = next > now ? next - now : 1000;
        Timers.StartSingleTimer(nameof(WakeUp), WakeUp.Instance, TimeSpan.FromMilliseconds(delay));
    }

    void EndWait(long waiterId)
    {
        var index = _waiters.FindIndex(w => w.Id == waiterId);
        if (index < 0) return;
        var waiter = _waiters[index];
        _waiters.RemoveAt(index);
        Commit(Decision.Answer(ReceiveResult.Empty), waiter.ReplyTo);
    }

    void EndAllWaits()
    {
        foreach (var waiter in _waiters.ToList()) EndWait(waiter.Id);
    }

    /// <summary>
    /// The API registers a queue in the catalog after creating it (and unregisters after deleting);
    /// a crash between the two steps would leave the catalog wrong, so every recovery repeats the
    /// step. Both commands are idempotent.
    /// </summary>
    void ReconcileCatalog()
    {
        var name = EntityIds.QueueName(_queueId);
        var account = _queueId[..^(name.Length + 1)];
        if (_state.Exists) _catalog.Tell(new RegisterQueue(account, name, _state.Redrive?.DeadLetterTargetName));
        else if (_state.DeletedAt is not null) _catalog.Tell(new UnregisterQueue(account, name));
    }

    void StartExpiryTimer()
    {
        if (_state.Exists)
            Timers.StartPeriodicTimer("expire", new ExpireMessages(_queueId), _settings.ExpiryInterval);
        else
            Timers.Cancel("expire");
    }

    /// <summary>
    /// After a restart, hands over again what was on its way (the target stores each message once),
    /// and picks the running move task up where it stopped.
    /// </summary>
    void ResumeMoves()
    {
        if (_state.HasMovesPending || _state.RunningTask is not null)
            Timers.StartSingleTimer(nameof(MoveTick), MoveTick.Instance, TimeSpan.Zero);
    }

    /// <summary>
    /// While hand-offs are unconfirmed or a task runs, the entity ticks: it re-sends what got no answer and
    /// moves the task's next batch. The tick goes through the shard region, so idle passivation
    /// does not stop an entity that still has work.
    /// </summary>
    void Tick()
    {
        var pending = _state.Moving().Where(m => !_handingOff.Contains(m.Sequence)).Select(m => m.Sequence).ToList();
        if (pending.Count > 0) SendMoving(pending);
        var now = _time.NowMs();
        if (_state.RunningTask is not null && !_handingOff.Any(s => _state.Find(s)?.MoveTask is not null) && now >= _nextBatchAt)
            (_queues.IsNobody() ? Self : _queues).Tell(new PumpMoveTask(_queueId), Self);
        if (_state.HasMovesPending || _state.RunningTask is not null)
        {
            var delay = _state.RunningTask is not null ? TimeSpan.FromMilliseconds(Math.Clamp(_nextBatchAt - now, 10, 1000)) : HandOffRetryInterval;
            Timers.StartSingleTimer(nameof(MoveTick), MoveTick.Instance, delay);
        }
    }

    /// <summary>A task's batch of n messages spaces the next one by n / rate seconds.</summary>
    void PaceNextBatch(int count)
    {
        var rate = _state.RunningTask?.Task.MaxPerSecond;
        _nextBatchAt = _time.NowMs() + (rate is { } perSecond ? count * 1000L / perSecond : 0);
    }

    /// <summary>
    /// Asks each target queue to store the given parked messages (in sequence order, a few MiB per ask),
    /// then feeds its answer back as a command. No answer: the tick sends them again.
    /// </summary>
    void SendMoving(IReadOnlyList<long> sequences)
    {
        var sourceArn = QueueAttributeRules.Arn(_state.Name);
        var messages = sequences
            .Where(s => !_handingOff.Contains(s))
            .Select(_state.Find)
            .OfType<StoredMessage>()
            .Where(m => m.MovingTo is not null)
            .OrderBy(m => m.Sequence);
        foreach (var group in messages.GroupBy(m => (m.MovingTo!, m.MoveTask)))
        {
            var (destination, taskId) = group.Key;
            var chunk = new List<StoredMessage>();
            long bytes = 0;
            foreach (var message in group)
            {
                chunk.Add(message);
                bytes += MessageRules.Size(message.Message.Body, message.Message.Attributes);
                if (bytes < MaxHandOffBytes) continue;
                Ask(destination, taskId, sourceArn, chunk);
                chunk = [];
                bytes = 0;
            }
            if (chunk.Count > 0) Ask(destination, taskId, sourceArn, chunk);
        }
        if (!Timers.IsTimerActive(nameof(MoveTick)))
            Timers.StartSingleTimer(nameof(MoveTick), MoveTick.Instance, HandOffRetryInterval);
    }

    void Ask(string destination, string? taskId, string sourceArn, List<StoredMessage> chunk)
    {
        var sequences = chunk.Select(m => m.Sequence).ToList();
        _handingOff.UnionWith(sequences);
        // Dead letters keep their MessageId; redriven messages are new messages with a new one.
        var moved = chunk.Select(m => new MovedMessage($"{_queueId}#{m.Sequence}",
            taskId is null ? m.Message.MessageId : Guid.NewGuid().ToString(), m.Message)).ToList();
        var command = new AcceptMovedMessages(destination, sourceArn, IsDeadLetter: taskId is null, moved);
        var target = _queues.IsNobody() ? ActorRefs.Nobody : _queues;
        target.Ask<object>(command, HandOffTimeout).PipeTo(Self,
            success: reply => reply switch
            {
                MovedMessagesAccepted => new HandOffAnswered(_queueId, sequences, destination, taskId, null),
                // A busy or moving target is asked again; anything else is its final word.
                Rejection { Code: ErrorCode.ServiceUnavailable } => new HandOffLost(sequences),
                Rejection refusal => new HandOffAnswered(_queueId, sequences, destination, taskId, refusal),
                _ => new HandOffLost(sequences),
            },
            failure: _ => new HandOffLost(sequences));
    }

    sealed record SendHandOff(IReadOnlyList<long> Sequences);

    sealed record HandOffLost(IReadOnlyList<long> Sequences);

    sealed class MoveTick
    {
        public static readonly MoveTick Instance = new();
    }

    sealed record Waiter(long Id, ReceiveMessages Receive, IActorRef ReplyTo, long Deadline)
    {
        public string TimerKey => $"wait-{Id}";
    }

    sealed record WaitEnded(long WaiterId);

    sealed class WakeUp
    {
        public static readonly WakeUp Instance = new();
    }
}

public sealed record QueueSettings(int SnapshotEvery, TimeSpan ExpiryInterval)
{
    /// <summary>Queue-name patterns (<c>*</c> wildcard) whose message actions are throttled; none by default.</summary>
    public IReadOnlyList<string> Throttling { get; init; } = [];

    /// <summary>Calls per second per action on a throttled standard queue (AWS has no quota there); 0: not throttled.</summary>
    public int ThrottledStandardCallsPerSecond { get; init; } = ThrottleRules.FifoCallsPerSecond;

    public static readonly QueueSettings Default = new(SnapshotEvery: 1000, ExpiryInterval: TimeSpan.FromSeconds(1));
}
