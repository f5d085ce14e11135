using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Shoal.Actors.Catalog;
using Shoal.Actors.Firehose;
using Shoal.Actors.Persistence;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Actors.Streams;
using Shoal.Actors.Topics;
using Shoal.Api;
using Shoal.Node.Coordination;
using Shoal.Node.Storage;

namespace Shoal.Node.Hosting;

/// <summary>Marker keys for the shard regions in Akka.Hosting's registry.</summary>
public sealed class QueueRegion;

public sealed class CatalogRegion;

public sealed class TopicRegion;

public sealed class StreamRegion;

public sealed class StreamShardRegion;

public sealed class DeliveryStreamRegion;

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
        var departures = new BrokerDepartures();
        services.AddSingleton(_ => TopicSetup.TopicSettings(settings));
        services.AddAkka(SystemName, (akka, provider) =>
        {
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .AddHocon(ShoalSerializer.Config, HoconAddMode.Prepend)
                .AddHocon(Failover, HoconAddMode.Prepend)
                .AddHocon(Downing(settings), HoconAddMode.Prepend)
                .AddHocon(Remoting, HoconAddMode.Prepend)
                .WithRemoting(settings.Cluster.Host, settings.Cluster.Port)
                .WithClustering(new ClusterOptions
                {
                    Roles = settings.Node.ClusterRoles,
                    SeedNodes = settings.Cluster.Seeds,
                });
            if (settings.Node.IsBroker)
                akka.WithShoalStorage(settings.Storage)
                    .WithActors((system, _) => system.ActorOf(Props.Create<JournalWarmUp>(), "journal-warm-up"))
                    .WithEntities<CatalogRegion>(EntityIds.CatalogType, (_, _) => accountId => CatalogActor.Props(accountId, snapshotEvery: 500),
                        new CatalogExtractor(), settings.Cluster)
                    .WithEntities<QueueRegion>(EntityIds.QueueType, QueueProps(settings.Queues), new QueueExtractor(), settings.Cluster)
                    .WithEntities<TopicRegion>(EntityIds.TopicType, TopicProps(provider.GetRequiredService<TopicSettings>()), new TopicExtractor(), settings.Cluster)
                    .WithEntities<StreamRegion>(EntityIds.StreamType, (_, registry) => streamId => StreamActor.Props(streamId, TimeProvider.System, registry.Get<CatalogRegion>(), registry.Get<StreamShardRegion>()),
                        new StreamExtractor(), settings.Cluster)
                    .WithEntities<StreamShardRegion>(EntityIds.ShardType, (_, registry) => shardId => ShardActor.Props(shardId, TimeProvider.System, settings.Streams.Limits, registry.Get<StreamRegion>()),
                        new StreamShardExtractor(), settings.Cluster)
                    .WithEntities<DeliveryStreamRegion>(EntityIds.DeliveryStreamType, DeliveryStreamProps(settings), new DeliveryStreamExtractor(), settings.Cluster)
                    .WithActors((system, registry) => system.ActorOf(
                        OutboxWaker.Props(registry.Get<CatalogRegion>(), registry.Get<TopicRegion>(), registry.Get<DeliveryStreamRegion>(), BrokerRole), "outbox-waker"));
            else
                akka.WithShardRegionProxy<CatalogRegion>(EntityIds.CatalogType, BrokerRole, new CatalogExtractor())
                    .WithShardRegionProxy<QueueRegion>(EntityIds.QueueType, BrokerRole, new QueueExtractor())
                    .WithShardRegionProxy<TopicRegion>(EntityIds.TopicType, BrokerRole, new TopicExtractor())
                    .WithShardRegionProxy<StreamRegion>(EntityIds.StreamType, BrokerRole, new StreamExtractor())
                    .WithShardRegionProxy<StreamShardRegion>(EntityIds.ShardType, BrokerRole, new StreamShardExtractor())
                    .WithShardRegionProxy<DeliveryStreamRegion>(EntityIds.DeliveryStreamType, BrokerRole, new DeliveryStreamExtractor());
            akka.WithActors((system, _) => system.ActorOf(BrokerDepartureListener.Props(departures, BrokerRole), "broker-departures"));
            if (settings.Cluster.Seeds.Length == 0)
                akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        });
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<ActorRegistry>();
            return new Entities(registry.Get<QueueRegion>(), registry.Get<CatalogRegion>(), registry.Get<TopicRegion>(),
                registry.Get<StreamRegion>(), registry.Get<StreamShardRegion>(), registry.Get<DeliveryStreamRegion>(), departures);
        });
        return services;
    }

    /// <summary>
    /// Failure detection and downing tuned for failover in under 10 s instead of Akka's ~50 s (akka-stack.md §3):
    /// heartbeats every 500 ms but a pause of 2 s still tolerated (a loaded 2-core box sees such pauses; 1 s
    /// gave spurious unreachability there); the reaper, the leader and gossip act every 250–500 ms instead of
    /// every second; the resolver decides after 2 s of stability (at its next 1 s tick); sharding waits 1 s
    /// after a removal before the survivors take the shards, and regions register with the (possibly new)
    /// coordinator and ask it for a shard's home every 200 ms instead of 2 s.
    /// </summary>
    const string Failover = """
        akka.cluster {
          failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s, threshold = 8.0 }
          unreachable-nodes-reaper-interval = 250ms
          leader-actions-interval = 250ms
          gossip-interval = 500ms
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver.stable-after = 2s
          down-removal-margin = 1s
          sharding.retry-interval = 200ms
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

    /// <summary>
    /// Who survives a partition or a crash. Active-active: the side with most members (keep-majority).
    /// Active-standby has two brokers, which cannot form a majority: the side that takes the lease in the
    /// shared database survives (lease-majority), the other downs itself, so a stale active stops serving.
    /// With one broker a side there is no minority to hold back, so neither side waits before trying.
    /// </summary>
    static string Downing(ShoalSettings settings)
    {
        if (!settings.Cluster.IsActiveStandby) return "akka.cluster.split-brain-resolver.active-strategy = keep-majority";
        if (settings.Storage.Provider != "postgres" || string.IsNullOrEmpty(settings.Storage.ConnectionString))
            throw new InvalidOperationException(
                "Shoal:Cluster:Mode=active-standby needs the shared PostgreSQL store (Shoal:Storage:Provider=postgres and its ConnectionString) on every node: the lease lives there.");
        var connectionString = settings.Storage.ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return $$"""
            {{PostgresLease.ConfigPath}} {
              lease-class = "{{typeof(PostgresLease).AssemblyQualifiedName}}"
              connection-string = "{{connectionString}}"
              heartbeat-interval = 1s
              heartbeat-timeout = 4s
              lease-operation-timeout = 3s
            }
            akka.cluster.split-brain-resolver {
              active-strategy = lease-majority
              lease-majority {
                lease-implementation = "{{PostgresLease.ConfigPath}}"
                lease-name = "shoal-brokers"
                acquire-lease-delay-for-minority = 0s
                role = "{{BrokerRole}}"
              }
            }
            """;
    }

    static Func<ActorSystem, IActorRegistry, Func<string, Props>> QueueProps(QueueEntitySettings queues)
    {
        var settings = QueueSettings.Default with
        {
            SnapshotEvery = queues.SnapshotEvery,
            Throttling = queues.Throttling,
            ThrottledStandardCallsPerSecond = queues.ThrottledStandardCallsPerSecond,
        };
        return (_, registry) => queueId => QueueActor.Props(queueId, TimeProvider.System, settings,
            registry.Get<CatalogRegion>(), registry.Get<QueueRegion>());
    }

    static Func<ActorSystem, IActorRegistry, Func<string, Props>> TopicProps(TopicSettings topics) =>
        (_, registry) => topicId => TopicActor.Props(topicId, TimeProvider.System, topics,
            registry.Get<QueueRegion>(), registry.Get<CatalogRegion>(), registry.Get<TopicRegion>());

    static Func<ActorSystem, IActorRegistry, Func<string, Props>> DeliveryStreamProps(ShoalSettings settings)
    {
        var firehose = new FirehoseSettings(settings.Firehose.EffectiveS3Dir(settings.Storage), TopicSetup.Http);
        return (_, registry) => id => DeliveryStreamActor.Props(id, TimeProvider.System, firehose, registry.Get<CatalogRegion>(),
            registry.Get<DeliveryStreamRegion>(), registry.Get<StreamRegion>(), registry.Get<StreamShardRegion>());
    }

    /// <summary>
    /// A shard region on the broker role, coordinator state in DData (Akka.NET's default, persistence,
    /// would write it into our journal). Active-standby allocates every shard to the active broker;
    /// active-active spreads them over the zones, then over the brokers of each zone.
    /// </summary>
    static AkkaConfigurationBuilder WithEntities<TKey>(this AkkaConfigurationBuilder akka, string typeName,
        Func<ActorSystem, IActorRegistry, Func<string, Props>> props, IMessageExtractor extractor, ClusterSettings cluster) =>
        akka.WithActors((system, registry) =>
        {
            var settings = ClusterShardingSettings.Create(system)
                .WithRole(BrokerRole).WithStateStoreMode(StateStoreMode.DData).WithRememberEntities(false);
            IShardAllocationStrategy allocation = cluster.IsActiveStandby ? new ActiveBrokerAllocation(BrokerRole) : new ZoneAwareAllocation();
            var region = ClusterSharding.Get(system).Start(typeName, props(system, registry), settings, extractor, allocation, PoisonPill.Instance);
            registry.Register<TKey>(region);
        });
}
