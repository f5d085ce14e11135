using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Shoal.Node.Coordination;

/// <summary>
/// Active-active: shards allocated and rebalanced by <see cref="ZoneBalance"/>, each broker's zone read from
/// the zone role it gossips (Shoal:Node:Zone; brokers without one share the zone "").
/// </summary>
public sealed class ZoneAwareAllocation : IActorSystemDependentAllocationStrategy
{
    /// <summary>Shards moved per rebalance round (every 10 s): a joining broker fills over a few rounds.</summary>
    const int MaxRebalancePerRound = 10;

    Akka.Cluster.Cluster? _cluster;

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        Task.FromResult(ZoneBalance.Allocate(Loads(currentShardAllocations)) ?? requester);

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        // One round at a time: the moves of the last one are counted where they are going only once they arrive.
        if (rebalanceInProgress.Count > 0) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var moves = ZoneBalance.Rebalance(Loads(currentShardAllocations), MaxRebalancePerRound);
        var shards = moves.SelectMany(move => currentShardAllocations[move.Key].TakeLast(move.Value));
        return Task.FromResult<IImmutableSet<string>>(shards.ToImmutableHashSet());
    }

    List<RegionLoad<IActorRef>> Loads(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations) =>
        allocations.Select(pair => new RegionLoad<IActorRef>(pair.Key, ZoneOf(pair.Key), pair.Value.Count)).ToList();

    string ZoneOf(IActorRef region)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("The allocation strategy was not started.");
        var address = region.Path.Address.HasLocalScope ? cluster.SelfAddress : region.Path.Address;
        var member = cluster.State.Members.FirstOrDefault(m => m.Address == address);
        var role = member?.Roles.FirstOrDefault(r => r.StartsWith(NodeSettings.ZoneRolePrefix, StringComparison.Ordinal));
        return role?[NodeSettings.ZoneRolePrefix.Length..] ?? "";
    }
}
