using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Shoal.Node.Coordination;

/// <summary>
/// Active/standby (the Amazon MQ model): every shard lives on the active broker, the oldest broker
/// that is up; the others stand by, joined but empty. When the active leaves or is downed, the next
/// oldest becomes active and the coordinator allocates every shard to it. Shards found anywhere else
/// (a standby that hosted them while it was briefly the oldest) are moved back by rebalancing.
/// </summary>
public sealed class ActiveBrokerAllocation(string brokerRole) : IActorSystemDependentAllocationStrategy
{
    /// <summary>At most this many shards move per rebalance round (every 10 s), so a move never stalls everything at once.</summary>
    const int MaxRebalancePerRound = 20;

    Akka.Cluster.Cluster? _cluster;

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        Task.FromResult(ActiveRegion(currentShardAllocations) ?? requester);

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        if (ActiveRegion(currentShardAllocations) is not { } active) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var misplaced = currentShardAllocations
            .Where(pair => !pair.Key.Equals(active))
            .SelectMany(pair => pair.Value)
            .Where(shard => !rebalanceInProgress.Contains(shard))
            .Take(MaxRebalancePerRound);
        return Task.FromResult<IImmutableSet<string>>(misplaced.ToImmutableHashSet());
    }

    /// <summary>The region of the oldest broker that is up, if it has registered with the coordinator.</summary>
    IActorRef? ActiveRegion(IImmutableDictionary<IActorRef, IImmutableList<string>> regions)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("The allocation strategy was not started.");
        var active = ActiveBroker.Of(cluster.State.Members, brokerRole);
        if (active is null) return null;
        return regions.Keys.FirstOrDefault(region =>
            (region.Path.Address.HasLocalScope ? cluster.SelfAddress : region.Path.Address) == active.Address);
    }
}

/// <summary>Which broker is active: the oldest member with the broker role that is up.</summary>
public static class ActiveBroker
{
    public static Akka.Cluster.Member? Of(IEnumerable<Akka.Cluster.Member> members, string brokerRole) =>
        members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(brokerRole))
            .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering)
            .FirstOrDefault();
}
