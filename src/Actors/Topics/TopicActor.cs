using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Topics;

/// <summary>
/// One SNS topic: recover, decide, persist, apply, reply; then deliver. A publish is acknowledged once
/// its event (the message and the subscriptions it is to reach) is in the journal: that event is the
/// outbox entry. Each subscription then gets its messages in publish order, one batch in flight at a
/// time (<see cref="Delivery"/>, in TopicActor.Delivery.cs), retried until its endpoint answers, and each outcome is journaled,
/// so after a crash the new home of the topic delivers what was not yet confirmed (at least once).
/// </summary>
public sealed partial class TopicActor : UntypedPersistentActor, IWithTimers
{
    readonly string _topicId;
    readonly TimeProvider _time;
    readonly TopicSettings _settings;
    readonly IActorRef _catalog;
    readonly IActorRef _topics;
    readonly ILoggingAdapter _log;
    readonly Delivery _delivery;
    TopicState _state = new();
    long _eventsSinceSnapshot;
    // Writes under way: a reply waits for its own and every earlier one (an answer never shows uncommitted state).
    int _writesInFlight;
    // Messages whose MessagePublished is committed may go out; later ones wait for their write.
    long _committedThrough;
    long _nextTickAt = long.MaxValue;

    public TopicActor(string topicId, TimeProvider time, TopicSettings settings, IActorRef queues, IActorRef catalog, IActorRef topics)
    {
        _topicId = topicId;
        _time = time;
        _settings = settings;
        _catalog = catalog;
        _topics = topics;
        _log = Context.GetLogger();
        _delivery = new Delivery(topicId, time, settings, queues, Self, _log, ScheduleTick);
    }

    /// <param name="queues">The queue region SQS subscriptions are delivered through.</param>
    /// <param name="catalog">The account's catalog, told of the topic after each recovery.</param>
    /// <param name="topics">The topic region, through which the entity's retry ticks go (so idle passivation spares it).</param>
    public static Props Props(string topicId, TimeProvider time, TopicSettings settings, IActorRef queues, IActorRef? catalog = null, IActorRef? topics = null) =>
        Akka.Actor.Props.Create(() => new TopicActor(topicId, time, settings, queues, catalog ?? ActorRefs.Nobody, topics ?? ActorRefs.Nobody));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string topicId) => $"topic/{topicId}";

    public override string PersistenceId => PersistenceIdOf(_topicId);
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: TopicSnapshot snapshot }:
                _state = TopicState.FromSnapshot(snapshot);
                break;
            case ITopicEvent e:
                _state.Apply(e);
                _eventsSinceSnapshot++;
                break;
            case RecoveryCompleted:
                _committedThrough = _state.NextSequence - 1;
                ReconcileCatalog();
                _delivery.Resume(_state);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case WakeTopic:
                Sender.Tell(new Queues.Done());
                break;
            case RetryDeliveries:
                _nextTickAt = long.MaxValue;
                _delivery.RetryDue(_state, _committedThrough);
                break;
            case ITopicCommand command:
                Handle(command, Sender);
                break;
            case Delivery.Answer answer:
                if (_delivery.Answered(_state, answer) is { } ended) Handle(ended, ActorRefs.Nobody);
                _delivery.Pump(_state, answer.SubscriptionId, _committedThrough);
                break;
            case ScheduledRetry:
                // Through the region: an entity with deliveries left is not idle, so passivation spares it.
                (_topics.IsNobody() ? Self : _topics).Tell(new RetryDeliveries(_topicId));
                break;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                _log.Warning(failed.Cause, "Snapshot of topic {0} failed; the journal keeps every event", _topicId);
                break;
            case DeleteMessagesSuccess or DeleteSnapshotsSuccess or DeleteMessagesFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    void Handle(ITopicCommand command, IActorRef replyTo)
    {
        var decision = TopicDecider.Decide(_state, command, _time.NowMs());
        foreach (var e in decision.Events) _state.Apply(e);
        if (decision.Events.Count == 0 && _writesInFlight == 0)
        {
            replyTo.Tell(decision.Reply);
            return;
        }
        var events = decision.Events;
        _writesInFlight++;
        if (events.Count > 0) PersistAllAsync(events, _ => { });
        DeferAsync(decision.Reply, reply =>
        {
            _writesInFlight--;
            _eventsSinceSnapshot += events.Count;
            replyTo.Tell(reply);
            Committed(events);
        });
    }

    /// <summary>What follows a committed write: deliveries of new messages, confirmation requests, the catalog.</summary>
    void Committed(IReadOnlyList<ITopicEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case MessagePublished published:
                    _committedThrough = Math.Max(_committedThrough, published.Message.Sequence);
                    foreach (var subscription in published.SubscriptionIds) _delivery.Pump(_state, subscription, _committedThrough);
                    break;
                case Subscribed { Subscription.Confirmed: false } subscribed:
                    _delivery.RequestConfirmation(_state, subscribed.Subscription);
                    break;
                case SubscriptionConfirmed confirmed:
                    _delivery.Pump(_state, confirmed.SubscriptionId, _committedThrough);
                    break;
                case Unsubscribed or TopicDeleted:
                    _delivery.Forget(_state);
                    break;
            }
        }
        if (events.Any(e => e is TopicCreated or TopicDeleted)) ReconcileCatalog();
        if (_eventsSinceSnapshot >= Math.Max(_settings.SnapshotEvery, _state.OutboxCount) && _writesInFlight == 0)
        {
            SaveSnapshot(_state.ToSnapshot());
            _eventsSinceSnapshot = 0;
        }
    }

    /// <summary>
    /// The API registers a topic in the catalog after creating it (and unregisters it after deleting); every
    /// recovery repeats the step, so a crash between the two leaves the catalog right. Both are idempotent.
    /// </summary>
    void ReconcileCatalog()
    {
        var name = EntityIds.TopicName(_topicId);
        var account = _topicId[..^(name.Length + 1)];
        if (_state.Exists) _catalog.Tell(new RegisterTopic(account, name));
        else if (LastSequenceNr > 0) _catalog.Tell(new UnregisterTopic(account, name));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The in-memory state already holds the rejected events: start again from the journal.
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    /// <summary>One timer serves every lane: it is moved only to an earlier time.</summary>
    void ScheduleTick(TimeSpan after)
    {
        var at = _time.NowMs() + (long)after.TotalMilliseconds;
        if (at >= _nextTickAt) return;
        _nextTickAt = at;
        Timers.StartSingleTimer(nameof(ScheduledRetry), new ScheduledRetry(), after);
    }

    sealed class ScheduledRetry;
}

/// <summary>What every topic entity shares: where its URLs point and how it signs and sends.</summary>
/// <param name="PublicUrl">This node's HTTP address as subscribers reach it (SubscribeURL, UnsubscribeURL, SigningCertURL).</param>
/// <param name="Http">Posts to HTTP/S subscribers.</param>
public sealed record TopicSettings(int SnapshotEvery, string PublicUrl, MessageSigner Signer, HttpClient Http)
{
    /// <summary>Where this node serves its signing certificate.</summary>
    public string SigningCertUrl => $"{PublicUrl}/SimpleNotificationService-{CertificateId}.pem";

    /// <summary>A short id of the certificate, so a changed key gets a new URL (subscribers cache certificates).</summary>
    public string CertificateId { get; init; } = "shoal";
}
