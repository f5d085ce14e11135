using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Shoal.Actors.Catalog;
using Shoal.Actors.Persistence;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api;
using Shoal.Node.Storage;

namespace Shoal.Node.Hosting;

/// <summary>Marker keys for the shard regions in Akka.Hosting's registry.</summary>
public sealed class QueueRegion;

public sealed class CatalogRegion;

public static class AkkaSetup
{
    public const string SystemName = "shoal";
    const string BrokerRole = NodeSettings.Broker;

    /// <summary>
    /// The actor system: a cluster node that hosts the entities on SQL persistence (broker role)
    /// or reaches them through region proxies (api role only).
    /// </summary>
    public static IServiceCollection AddShoalActors(this IServiceCollection services, ShoalSettings settings)
    {
        services.AddAkka(SystemName, (akka, provider) =>
        {
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .AddHocon(ShoalSerializer.Config, HoconAddMode.Prepend)
                .AddHocon(Failover, HoconAddMode.Prepend)
                .AddHocon(Remoting, HoconAddMode.Prepend)
                .WithRemoting(settings.Cluster.Host, settings.Cluster.Port)
                .WithClustering(new ClusterOptions
                {
                    Roles = settings.Node.EffectiveRoles,
                    SeedNodes = settings.Cluster.Seeds,
                });
            if (settings.Node.IsBroker)
                akka.WithShoalStorage(settings.Storage).WithCatalog().WithQueues(settings.Queues);
            else
                akka.WithShardRegionProxy<CatalogRegion>(EntityIds.CatalogType, BrokerRole, new CatalogExtractor())
                    .WithShardRegionProxy<QueueRegion>(EntityIds.QueueType, BrokerRole, new QueueExtractor());
            if (settings.Cluster.Seeds.Length == 0)
                akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        });
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<ActorRegistry>();
            return new Entities(registry.Get<QueueRegion>(), registry.Get<CatalogRegion>());
        });
        return services;
    }

    /// <summary>
    /// Failure detection and downing tuned for failover in about 11 s instead of Akka's ~50 s
    /// (akka-stack.md §3, "tuned-drm"): a pause of 2 s is still tolerated on a loaded 2-core box;
    /// keep-majority decides after 3 s of stability; sharding waits 1 s after removal.
    /// </summary>
    const string Failover = """
        akka.cluster {
          failure-detector { heartbeat-interval = 1s, acceptable-heartbeat-pause = 2s, threshold = 8.0 }
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver { active-strategy = keep-majority, stable-after = 3s }
          down-removal-margin = 1s
        }
        """;

    /// <summary>A receive of ten 1 MiB messages, or a hand-off of dead letters, crosses nodes in one frame (default 128 kB).</summary>
    const string Remoting = """
        akka.remote.dot-netty.tcp {
          maximum-frame-size = 32 MiB
          send-buffer-size = 32 MiB
          receive-buffer-size = 32 MiB
        }
        """;

    static readonly ShardOptions EntityShards = new()
    {
        Role = BrokerRole,
        // Akka.NET defaults to persistence mode, which writes coordinator state into our journal.
        StateStoreMode = StateStoreMode.DData,
        RememberEntities = false,
    };

    static AkkaConfigurationBuilder WithQueues(this AkkaConfigurationBuilder akka, QueueEntitySettings queues)
    {
        var settings = QueueSettings.Default with { SnapshotEvery = queues.SnapshotEvery };
        return akka.WithShardRegion<QueueRegion>(EntityIds.QueueType,
            (_, registry) => queueId => QueueActor.Props(queueId, TimeProvider.System, settings,
                registry.Get<CatalogRegion>(), registry.Get<QueueRegion>()),
            new QueueExtractor(), EntityShards);
    }

    static AkkaConfigurationBuilder WithCatalog(this AkkaConfigurationBuilder akka) =>
        akka.WithShardRegion<CatalogRegion>(EntityIds.CatalogType,
            accountId => CatalogActor.Props(accountId, snapshotEvery: 500), new CatalogExtractor(), EntityShards);
}
