using Akka.Configuration;
using Shoal.Actors.Persistence;

namespace Shoal.Tests.Actors;

public static class ActorTestConfig
{
    /// <summary>The in-memory journal built into Akka.Persistence, plus our serializer bindings.</summary>
    public static readonly Config InMemory = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        """).WithFallback(ShoalSerializer.Config);
}
