using Akka.Actor;
using Akka.Persistence;
using Shoal.Actors.Catalog;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Streams;

/// <summary>
/// One Kinesis stream: its shard map, retention and tags. Writes are rare (create, delete, retention, tags), so each
/// is persisted before its reply. The records live in the stream's shards, each its own entity (<see cref="ShardActor"/>).
/// </summary>
public sealed class StreamActor(string streamId, TimeProvider time, IActorRef catalog, IActorRef shards) : UntypedPersistentActor, IWithTimers
{
    const int SnapshotEvery = 200;
    StreamState _state = new();

    /// <param name="shards">The stream-shard region: a reshard closes its parents through it.</param>
    public static Props Props(string streamId, TimeProvider time, IActorRef? catalog = null, IActorRef? shards = null) =>
        Akka.Actor.Props.Create(() => new StreamActor(streamId, time, catalog ?? ActorRefs.Nobody, shards ?? ActorRefs.Nobody));

    static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string streamId) => $"stream/{streamId}";

    public override string PersistenceId => PersistenceIdOf(streamId);
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: StreamSnapshot snapshot }:
                _state = StreamState.FromSnapshot(snapshot);
                break;
            case IStreamEvent e:
                _state.Apply(e);
                break;
            case RecoveryCompleted:
                ReconcileCatalog();
                CloseShards();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case IStreamCommand command:
                var decision = StreamDecider.Decide(_state, command, time.GetUtcNow().ToUnixTimeMilliseconds());
                if (decision.Events.Count == 0)
                {
                    Sender.Tell(decision.Reply);
                    return;
                }
                var replyTo = Sender;
                PersistAll(decision.Events, e =>
                {
                    _state.Apply(e);
                    if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
                });
                DeferAsync(decision.Reply, reply =>
                {
                    replyTo.Tell(reply);
                    if (decision.Events.Any(e => e is StreamCreated or StreamDeleted)) ReconcileCatalog();
                    if (decision.Events.Any(e => e is StreamResharded)) CloseShards();
                });
                break;
            case RetryClose:
                Timers.StartSingleTimer(nameof(CloseAgain), new CloseAgain(), TimeSpan.FromSeconds(1));
                break;
            case CloseAgain:
                CloseShards();
                break;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure or DeleteSnapshotsSuccess:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Tells every shard a reshard closed to stop taking records and to give its end, which the stream then records;
    /// after a crash, recovery asks again (closing is idempotent). No answer: asked again after a while.
    /// </summary>
    void CloseShards()
    {
        var name = EntityIds.StreamName(streamId);
        var account = streamId[..^(name.Length + 1)];
        foreach (var shard in _state.ClosingShards)
        {
            var close = new CloseShard(EntityIds.StreamShard(account, name, _state.CreatedAt, shard.Index), shard.Index);
            shards.Ask<object>(close, CloseTimeout).PipeTo(Self,
                success: reply => reply is ShardEnded ended ? new RecordShardEnd(streamId, ended.ShardIndex, ended.EndingSequenceNumber) : new RetryClose(),
                failure: _ => new RetryClose());
        }
    }

    sealed class RetryClose;

    sealed class CloseAgain;

    /// <summary>The catalog lists the stream while it exists; every recovery repeats the step, so a crash leaves it right.</summary>
    void ReconcileCatalog()
    {
        var name = EntityIds.StreamName(streamId);
        var account = streamId[..^(name.Length + 1)];
        if (_state.Exists) catalog.Tell(new RegisterStream(account, name));
        else if (LastSequenceNr > 0) catalog.Tell(new UnregisterStream(account, name));
    }
}
