using Akka.Actor;
using Akka.Cluster.Sharding;
using Shoal.Api;
using Shoal.Node.Coordination;

namespace Shoal.Node.Hosting;

/// <summary>
/// GET /cluster on every node: the members with their roles, zones and status, the active broker
/// (active-standby), and how many shards of each entity type each broker hosts.
/// </summary>
public static class ClusterStateSetup
{
    static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(3);

    public static WebApplication MapClusterState(this WebApplication app, ShoalSettings settings)
    {
        app.MapGet("/cluster", async (ActorSystem system, Entities entities) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var state = cluster.State;
            var members = state.Members.Select(m => new
            {
                address = m.Address.ToString(),
                status = m.Status.ToString(),
                roles = m.Roles.Where(r => !r.StartsWith(NodeSettings.ZoneRolePrefix, StringComparison.Ordinal)).ToArray(),
                zone = m.Roles.FirstOrDefault(r => r.StartsWith(NodeSettings.ZoneRolePrefix, StringComparison.Ordinal))?[NodeSettings.ZoneRolePrefix.Length..],
                reachable = !state.Unreachable.Contains(m),
            });
            return Results.Json(new
            {
                self = cluster.SelfAddress.ToString(),
                mode = settings.Cluster.Mode,
                leader = state.Leader?.ToString(),
                activeBroker = settings.Cluster.IsActiveStandby ? ActiveBroker.Of(state.Members, NodeSettings.Broker)?.Address.ToString() : null,
                members,
                shards = new Dictionary<string, Dictionary<string, int>?>
                {
                    ["queue"] = await ShardsPerNode(entities.Queues),
                    ["catalog"] = await ShardsPerNode(entities.Catalog),
                },
            });
        });
        return app;
    }

    /// <summary>Shards per broker address as the coordinator sees them; null when it does not answer in time.</summary>
    static async Task<Dictionary<string, int>?> ShardsPerNode(IActorRef region)
    {
        try
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1));
            return stats.Regions.ToDictionary(r => r.Key.ToString(), r => r.Value.Stats.Count);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
