using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Firehose;

/// <summary>
/// One Firehose delivery stream: recover, decide, persist, apply, reply; then deliver. A put is acknowledged once its
/// records are in the journal: the journal is the buffer. When the buffer holds the size hint or its oldest record
/// waited the interval, one batch goes out (<see cref="Delivery"/>: transform, then the destination, retried, failures
/// to the backup bucket); only then does a FirehoseBatchDelivered event drop it. A crash before that event delivers the
/// batch again from the new home: at least once. A Kinesis-sourced stream reads its shards (<see cref="SourceReader"/>)
/// and journals each shard's records with how far it read, in one event.
/// </summary>
public sealed partial class DeliveryStreamActor : UntypedPersistentActor, IWithTimers
{
    /// <summary>How often a Kinesis source is polled when its last read found nothing new.</summary>
    static readonly TimeSpan SourcePollInterval = TimeSpan.FromSeconds(1);
    /// <summary>A delivery under way ticks the entity this often, so idle passivation spares it while it waits on an endpoint.</summary>
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    readonly string _id;
    readonly TimeProvider _time;
    readonly FirehoseSettings _settings;
    readonly IActorRef _catalog;
    readonly IActorRef _deliveryStreams;
    readonly ILoggingAdapter _log;
    readonly SourceReader _source;
    DeliveryStreamState _state = new();
    long _committedThrough;
    int _writesInFlight;
    long _eventsSinceSnapshot;
    bool _delivering;
    bool _reading;
    long _nextTickAt = long.MaxValue;
    long _nextPollAt;

    public DeliveryStreamActor(string id, TimeProvider time, FirehoseSettings settings, IActorRef catalog, IActorRef deliveryStreams, IActorRef streams, IActorRef shards)
    {
        _id = id;
        _time = time;
        _settings = settings;
        _catalog = catalog;
        _deliveryStreams = deliveryStreams;
        _log = Context.GetLogger();
        _source = new SourceReader(streams, shards);
    }

    /// <param name="catalog">The account's catalog, told of the delivery stream after each recovery.</param>
    /// <param name="deliveryStreams">The delivery-stream region, through which the entity's ticks go.</param>
    /// <param name="streams">The Kinesis stream region, for a KinesisStreamAsSource's shard map.</param>
    /// <param name="shards">The stream-shard region a Kinesis source is read from.</param>
    public static Props Props(string id, TimeProvider time, FirehoseSettings settings, IActorRef? catalog = null, IActorRef? deliveryStreams = null,
        IActorRef? streams = null, IActorRef? shards = null) =>
        Akka.Actor.Props.Create(() => new DeliveryStreamActor(id, time, settings, catalog ?? ActorRefs.Nobody, deliveryStreams ?? ActorRefs.Nobody,
            streams ?? ActorRefs.Nobody, shards ?? ActorRefs.Nobody));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string id) => $"delivery-stream/{id}";

    public override string PersistenceId => PersistenceIdOf(_id);
    public ITimerScheduler Timers { get; set; } = null!;
    long Now => _time.NowMs();

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: DeliveryStreamSnapshot snapshot }:
                _state = DeliveryStreamState.FromSnapshot(snapshot);
                break;
            case IDeliveryStreamEvent e:
                _state.Apply(e);
                _eventsSinceSnapshot++;
                break;
            case RecoveryCompleted:
                _committedThrough = _state.NextSequence - 1;
                ReconcileCatalog();
                Work();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case WakeDeliveryStream:
                Sender.Tell(new Done());
                Work();
                break;
            case DeliveryStreamTick:
                _nextTickAt = long.MaxValue;
                Work();
                break;
            case IDeliveryStreamCommand command:
                Handle(command, Sender);
                break;
            case Delivery.Outcome outcome:
                Delivered(outcome);
                break;
            case SourceReader.Read read:
                SourceRead(read);
                break;
            case Tick:
                // Through the region: an entity with work left is not idle, so passivation spares it.
                (_deliveryStreams.IsNobody() ? Self : _deliveryStreams).Tell(new DeliveryStreamTick(_id));
                break;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                _log.Warning(failed.Cause, "Snapshot of delivery stream {0} failed; the journal keeps every event", _id);
                break;
            case DeleteMessagesSuccess or DeleteSnapshotsSuccess or DeleteMessagesFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    void Handle(IDeliveryStreamCommand command, IActorRef replyTo)
    {
        var decision = DeliveryStreamDecider.Decide(_state, command, Now);
        if (decision.Events.Count == 0 && _writesInFlight == 0)
        {
            replyTo.Tell(decision.Reply);
            return;
        }
        Write(decision.Events, () => replyTo.Tell(decision.Reply));
    }

    /// <summary>
    /// Applies the events at once (the next command decides on them) and journals them; after the commit, the reply.
    /// Replies keep their order: one waits for its own write and every earlier one.
    /// </summary>
    void Write(IReadOnlyList<IDeliveryStreamEvent> events, Action committed)
    {
        foreach (var e in events) _state.Apply(e);
        _writesInFlight++;
        if (events.Count > 0) PersistAllAsync(events, _ => { });
        DeferAsync(events, _ =>
        {
            _writesInFlight--;
            _eventsSinceSnapshot += events.Count;
            committed();
            foreach (var e in events)
                if (e is FirehoseRecordsBuffered { Records.Count: > 0 } buffered)
                    _committedThrough = Math.Max(_committedThrough, buffered.Records[^1].Sequence);
            if (events.Any(e => e is DeliveryStreamCreated or DeliveryStreamDeleted)) ReconcileCatalog();
            if (_eventsSinceSnapshot >= _settings.SnapshotEvery && _writesInFlight == 0)
            {
                SaveSnapshot(_state.ToSnapshot());
                _eventsSinceSnapshot = 0;
            }
            Work();
        });
    }

    /// <summary>Starts what is due: the next batch's delivery, the source's next read; else sets the timer for when one will be.</summary>
    void Work()
    {
        if (!_state.Exists || _state.Config is not { } config) return;
        var now = Now;
        if (_delivering) ScheduleTick(now + (long)KeepAlive.TotalMilliseconds);
        else
        {
            var (batch, dueAt) = DeliveryStreamRules.NextBatch(_state.Buffer, _committedThrough, config.Destination.Buffering, now);
            if (batch is not null)
            {
                _delivering = true;
                var createdAt = _state.CreatedAt;
                Delivery.Deliver(config, createdAt, batch, _settings, _time, _log).PipeTo(Self,
                    success: outcome => outcome,
                    failure: e => new Delivery.Outcome(createdAt, batch[^1].Sequence, false, e.Message));
                ScheduleTick(now + (long)KeepAlive.TotalMilliseconds);
            }
            else if (dueAt != long.MaxValue) ScheduleTick(dueAt);
        }
        if (config.Source is { } source)
        {
            // Reading pauses while the buffer holds two batches: the shards keep the records meanwhile.
            var backlogged = _state.BufferedBytes >= 2 * config.Destination.Buffering.SizeBytes;
            if (!_reading && !backlogged && now >= _nextPollAt)
            {
                _reading = true;
                var createdAt = _state.CreatedAt;
                _source.ReadAll(source, createdAt, _state.Checkpoints.Values.ToList()).PipeTo(Self,
                    success: read => read,
                    failure: e => new SourceReader.Read(createdAt, [], e.Message));
            }
            ScheduleTick(Math.Max(now, _nextPollAt) + (long)SourcePollInterval.TotalMilliseconds);
        }
    }

    void Delivered(Delivery.Outcome outcome)
    {
        _delivering = false;
        if (!_state.Exists || outcome.CreatedAt != _state.CreatedAt)
        {
            Work();
            return;
        }
        if (!outcome.Delivered)
        {
            // The destination and its backup both failed (a full disk, say): the batch stays, and is tried again.
            _log.Warning("Delivery stream {0}: batch through {1} not delivered ({2}); trying again", _id, outcome.ThroughSequence, outcome.Error);
            ScheduleTick(Now + 5000);
            return;
        }
        Write([new FirehoseBatchDelivered(outcome.ThroughSequence, Now)], () => { });
    }

    void SourceRead(SourceReader.Read read)
    {
        _reading = false;
        _nextPollAt = read.Shards.Any(s => s.Records.Count > 0) ? Now : Now + (long)SourcePollInterval.TotalMilliseconds;
        if (read.Error is not null) _log.Info("Delivery stream {0}: reading its Kinesis source: {1}", _id, read.Error);
        if (!_state.Exists || read.CreatedAt != _state.CreatedAt)
        {
            Work();
            return;
        }
        var now = Now;
        var next = _state.NextSequence;
        var events = new List<IDeliveryStreamEvent>();
        foreach (var shard in read.Shards)
        {
            var records = shard.Records.Select(data => new BufferedRecord(next++, now, data)).ToList();
            events.Add(new FirehoseRecordsBuffered(records, shard.Checkpoint));
        }
        if (events.Count == 0) Work();
        else Write(events, () => { });
    }

    /// <summary>
    /// The API registers a delivery stream in the catalog after creating it (and unregisters it after deleting); every
    /// recovery repeats the step, so a crash between the two leaves the catalog right. Both are idempotent.
    /// </summary>
    void ReconcileCatalog()
    {
        var name = DeliveryStreamDecider.NameOf(_id);
        var account = _id[..^(name.Length + 1)];
        if (_state.Exists && _state.Config is { } config) _catalog.Tell(new RegisterDeliveryStream(account, name, config.Type));
        else if (LastSequenceNr > 0) _catalog.Tell(new UnregisterDeliveryStream(account, name));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The in-memory state already holds the rejected events: start again from the journal.
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    /// <summary>One timer: it is moved only to an earlier time.</summary>
    void ScheduleTick(long at)
    {
        if (at >= _nextTickAt) return;
        _nextTickAt = at;
        Timers.StartSingleTimer(nameof(Tick), new Tick(), TimeSpan.FromMilliseconds(Math.Max(0, at - Now)));
    }

    sealed class Tick;
}

/// <summary>What every delivery-stream entity shares.</summary>
/// <param name="S3Root">The directory that stands for S3: bucket "b" is its subdirectory "b", an object key a path below it.</param>
/// <param name="Http">Posts to HTTP endpoint destinations and transforms.</param>
public sealed record FirehoseSettings(string S3Root, HttpClient Http, int SnapshotEvery = 200);
