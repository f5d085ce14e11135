using Akka.Actor;
using Akka.Persistence;
using Shoal.Actors.Catalog;
using Shoal.Actors.Sharding;

namespace Shoal.Actors.Streams;

/// <summary>
/// One Kinesis stream: its shard map, retention and tags. Writes are rare (create, delete, retention, tags), so each
/// is persisted before its reply. The records live in the stream's shards, each its own entity (<see cref="ShardActor"/>).
/// </summary>
public sealed class StreamActor(string streamId, TimeProvider time, IActorRef catalog) : UntypedPersistentActor
{
    const int SnapshotEvery = 200;
    StreamState _state = new();

    public static Props Props(string streamId, TimeProvider time, IActorRef? catalog = null) =>
        Akka.Actor.Props.Create(() => new StreamActor(streamId, time, catalog ?? ActorRefs.Nobody));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string streamId) => $"stream/{streamId}";

    public override string PersistenceId => PersistenceIdOf(streamId);

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
                });
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

    /// <summary>The catalog lists the stream while it exists; every recovery repeats the step, so a crash leaves it right.</summary>
    void ReconcileCatalog()
    {
        var name = EntityIds.StreamName(streamId);
        var account = streamId[..^(name.Length + 1)];
        if (_state.Exists) catalog.Tell(new RegisterStream(account, name));
        else if (LastSequenceNr > 0) catalog.Tell(new UnregisterStream(account, name));
    }
}
