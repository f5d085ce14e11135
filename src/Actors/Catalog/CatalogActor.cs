using Akka.Actor;
using Akka.Persistence;

namespace Shoal.Actors.Catalog;

/// <summary>
/// One account's names. Writes are rare (queue creation and deletion), so each is
/// persisted on its own before the reply.
/// </summary>
public sealed class CatalogActor(string accountId, int snapshotEvery) : UntypedPersistentActor
{
    CatalogState _state = new();

    public static Props Props(string accountId, int snapshotEvery) =>
        Akka.Actor.Props.Create(() => new CatalogActor(accountId, snapshotEvery));

    /// <summary>Frozen: stored rows are keyed by it.</summary>
    public static string PersistenceIdOf(string accountId) => $"catalog/{accountId}";

    public override string PersistenceId => PersistenceIdOf(accountId);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: CatalogSnapshot snapshot }:
                _state = CatalogState.FromSnapshot(snapshot);
                break;
            case ICatalogEvent e:
                _state.Apply(e);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case ICatalogCommand command:
                var (reply, events) = CatalogDecider.Decide(_state, command);
                if (events.Count == 0)
                {
                    Sender.Tell(reply);
                    return;
                }
                var replyTo = Sender;
                PersistAll(events, e =>
                {
                    _state.Apply(e);
                    if (LastSequenceNr % snapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
                });
                DeferAsync(reply, r => replyTo.Tell(r));
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
}
