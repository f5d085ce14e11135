using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Streams;

/// <summary>
/// One Kinesis shard: its journal is the shard's log. A PutRecords' records for this shard are one event, persisted
/// before the reply (a sequence number means committed). Throughput meters live in memory (a restart refills them).
/// Expired records are trimmed every minute and the journal before the trim is deleted, so the log stays as long as
/// the retention period; no snapshot copies the records.
/// </summary>
public sealed class ShardActor : UntypedPersistentActor, IWithTimers
{
    static readonly TimeSpan ExpiryInterval = TimeSpan.FromMinutes(1);
    readonly string _shardEntityId;
    readonly TimeProvider _time;
    readonly ShardThroughputLimits _limits;
    readonly IActorRef _streams;
    readonly ILoggingAdapter _log = Context.GetLogger();
    ShardState _state = new();
    ShardWriteMeter? _writes;
    ShardReadMeter? _reads;
    WriteLoad? _load;
    int _retentionHours = StreamRules.DefaultRetentionHours;
    readonly SubscriptionLeases _leases = new();
    // Subscriptions waiting for records, by subscription id; and each one's read meter while limits are on.
    readonly Dictionary<string, Watcher> _watchers = new(StringComparer.Ordinal);
    readonly Dictionary<string, RateBucket> _subscriptionReads = new(StringComparer.Ordinal);
    // Journal sequence number of the latest RecordsPut holding each position range's end, for deleting what expired.
    readonly Queue<(long JournalSequence, long LastPosition)> _events = new();

    public ShardActor(string shardEntityId, TimeProvider time, ShardThroughputLimits limits, IActorRef streams)
    {
        _shardEntityId = shardEntityId;
        _time = time;
        _limits = limits;
        _streams = streams;
    }

    /// <param name="streams">The stream region: a shard of an on-demand stream tells its stream when it runs hot.</param>
    public static Props Props(string shardEntityId, TimeProvider time, ShardThroughputLimits limits, IActorRef? streams = null) =>
        Akka.Actor.Props.Create(() => new ShardActor(shardEntityId, time, limits, streams ?? ActorRefs.Nobody));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string shardEntityId) => $"stream-shard/{shardEntityId}";

    public override string PersistenceId => PersistenceIdOf(_shardEntityId);
    public ITimerScheduler Timers { get; set; } = null!;

    long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case IShardEvent e:
                _state.Apply(e);
                if (e is RecordsPut { Records.Count: > 0 } put) _events.Enqueue((LastSequenceNr, put.Records[^1].Position));
                break;
            case RecoveryCompleted:
                Timers.StartPeriodicTimer("expire", Expire.Instance, ExpiryInterval);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case PutShardRecords put:
                _retentionHours = put.RetentionHours;
                Put(put);
                break;
            case ReadShard read:
                _retentionHours = read.RetentionHours;
                Read(read);
                break;
            case LocateIterator locate:
                _retentionHours = locate.RetentionHours;
                Sender.Tell(ShardDecider.Locate(_state, locate, Now));
                break;
            case CloseShard close:
                var decision = ShardDecider.Close(_state, close, Now);
                var replyTo = Sender;
                foreach (var e in decision.Events) _state.Apply(e);
                if (decision.Events.Count > 0) PersistAllAsync(decision.Events, _ => { });
                DeferAsync(decision.Reply, reply =>
                {
                    replyTo.Tell(reply);
                    ServeWatchers();
                });
                break;
            case OpenSubscription open:
                _retentionHours = open.RetentionHours;
                Sender.Tell(ShardDecider.Open(_state, _leases, open, Now));
                break;
            case WatchShard watch:
                _retentionHours = watch.RetentionHours;
                Watch(watch);
                break;
            case ServeWatcher serve:
                if (_watchers.TryGetValue(serve.SubscriptionId, out var watcher)) Serve(watcher);
                break;
            case CloseSubscription ended:
                _leases.Release(ended.ConsumerArn, ended.SubscriptionId);
                _subscriptionReads.Remove(ended.SubscriptionId);
                if (_watchers.Remove(ended.SubscriptionId)) Timers.Cancel(TimerKey(ended.SubscriptionId));
                break;
            case Expire:
                Trim();
                break;
            case DeleteMessagesSuccess or DeleteMessagesFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    void Put(PutShardRecords put)
    {
        var now = Now;
        var meter = _writes ?? ShardWriteMeter.Start(_limits, now);
        var sizes = put.Records.Select(r => StreamRules.RecordSize(r.Data.Length, r.PartitionKey)).ToList();
        var (admitted, next) = meter.TryWriteAll(sizes, now);
        _writes = next;
        if (put.OnDemand && !_state.Closed) WatchLoad(put, sizes.Sum(), now);
        var decision = ShardDecider.Put(_state, put, admitted, now);
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply);
            return;
        }
        foreach (var e in decision.Events) _state.Apply(e);
        var replyTo = Sender;
        PersistAllAsync(decision.Events, e =>
        {
            if (e is RecordsPut stored) _events.Enqueue((LastSequenceNr, stored.Records[^1].Position));
        });
        DeferAsync(decision.Reply, reply =>
        {
            replyTo.Tell(reply);
            if (_watchers.Count > 0) ServeWatchers();
        });
    }

    /// <summary>What writers offer an on-demand stream's shard, refused writes included; a hot shard asks its stream to split it.</summary>
    void WatchLoad(PutShardRecords put, long bytes, long now)
    {
        (var load, var hot) = OnDemandScaling.Offer(_load ?? WriteLoad.Start(now), bytes, put.Records.Count, now);
        _load = load;
        if (!hot) return;
        _log.Info("Shard {0}: writers offer at least half a shard's capacity; asking its on-demand stream to split it", _shardEntityId);
        _streams.Tell(new ShardUnderLoad(EntityIds.Stream(Account.Id, put.StreamName), put.ShardIndex), ActorRefs.Nobody);
    }

    void Read(ReadShard read)
    {
        var now = Now;
        var (allowed, meter) = (_reads ?? ShardReadMeter.Start(_limits, now)).TryBeginRead(now);
        if (!allowed)
        {
            _reads = meter;
            Sender.Tell(ShardThroughput.RateExceeded(ShardIds.Of(read.ShardIndex), read.StreamName));
            return;
        }
        var records = ShardDecider.Read(_state, read, now);
        _reads = meter.Read(records.Records.Sum(r => (long)r.Data.Length), now);
        // A read answers from committed state only: it waits behind the writes under way.
        var replyTo = Sender;
        DeferAsync(records, reply => replyTo.Tell(reply));
    }

    /// <summary>A subscription asks for its next records: it waits here until some are committed, or its wait runs out.</summary>
    void Watch(WatchShard watch)
    {
        var now = Now;
        // A shard that moved (or restarted) lost its leases: the subscription's next watch takes its lease again.
        if (!_leases.TryHold(watch.ConsumerArn, watch.SubscriptionId, now))
        {
            Sender.Tell(ConsumerRules.AlreadySubscribed(watch.ConsumerArn, ShardIds.Of(watch.ShardIndex)));
            return;
        }
        var watcher = new Watcher(watch, Sender, now + watch.WaitMs);
        _watchers[watch.SubscriptionId] = watcher;
        Serve(watcher);
    }

    void ServeWatchers()
    {
        foreach (var watcher in _watchers.Values.ToList()) Serve(watcher);
    }

    /// <summary>
    /// Answers a watcher once records past its position are committed (or the shard is closed), or with none when its
    /// wait is over. With limits on, each subscription reads at most 2 MiB/s: one ahead of its meter waits.
    /// </summary>
    void Serve(Watcher watcher)
    {
        var now = Now;
        var id = watcher.Watch.SubscriptionId;
        var meter = _subscriptionReads.TryGetValue(id, out var bucket) ? bucket.RefillTo(now) : (RateBucket?)null;
        var paced = meter is { MilliUnits: <= 0 };
        var ready = !paced && (watcher.Watch.Position < _state.Next || _state.Closed);
        if (!ready && now < watcher.Deadline)
        {
            var untilCredit = paced ? -meter!.Value.MilliUnits / meter.Value.Rate + 1 : long.MaxValue;
            Timers.StartSingleTimer(TimerKey(id), new ServeWatcher(id), TimeSpan.FromMilliseconds(Math.Min(watcher.Deadline - now, untilCredit)));
            return;
        }
        _watchers.Remove(id);
        Timers.Cancel(TimerKey(id));
        var records = ShardDecider.Read(_state, watcher.Watch.Position, ready ? ShardDecider.MaxReadRecords : 0, ShardDecider.MaxEventBytes, now);
        if (ready && _limits.ReadBytesPerSecond is not null)
            _subscriptionReads[id] = (meter ?? RateBucket.Full(ConsumerRules.ReadBytesPerSecond, now)).Charge(records.Records.Sum(r => (long)r.Data.Length), now);
        // Only committed records go out: the reply waits behind the writes under way.
        var replyTo = watcher.ReplyTo;
        DeferAsync(records, reply => replyTo.Tell(reply));
    }

    static string TimerKey(string subscriptionId) => "watch:" + subscriptionId;

    sealed record Watcher(WatchShard Watch, IActorRef ReplyTo, long Deadline);

    sealed record ServeWatcher(string SubscriptionId);

    void Trim()
    {
        if (ShardDecider.Expire(_state, _retentionHours, Now) is not { } trimmed) return;
        _state.Apply(trimmed);
        long deletable = 0;
        while (_events.TryPeek(out var oldest) && oldest.LastPosition < trimmed.FirstRetained) deletable = _events.Dequeue().JournalSequence;
        Persist(trimmed, _ =>
        {
            // The trim marker comes after every event it covers, so recovery still knows where numbering stands.
            if (deletable > 0) DeleteMessages(deletable);
            _log.Debug("Shard {0}: records before position {1} expired", _shardEntityId, trimmed.FirstRetained);
        });
    }

    sealed class Expire
    {
        public static readonly Expire Instance = new();
    }
}
