using Akka.Persistence;

namespace Shoal.Node.Storage;

/// <summary>
/// Recovers an id that has no events, once, when a broker starts: the journal and snapshot plugins connect,
/// build their queries and compile their recovery path then, not when a failover first needs them. A standby
/// hosts nothing until the active fails, and without this its first queue recovery paid for all of that.
/// </summary>
public sealed class JournalWarmUp : ReceivePersistentActor
{
    public override string PersistenceId => "shoal-journal-warm-up";

    public JournalWarmUp()
    {
        Recover<RecoveryCompleted>(_ => Context.Stop(Self));
    }
}
