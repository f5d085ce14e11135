using Shoal.Node.Coordination;

namespace Shoal.Tests.Unit;

/// <summary>Active-active across zones: shards spread over the zones first, then over each zone's brokers.</summary>
[Trait("Tier", "Unit")]
public class ZoneBalanceTests
{
    sealed record Broker(string Name);

    static readonly Broker A1 = new("a1"), A2 = new("a2"), B1 = new("b1"), C1 = new("c1");

    /// <summary>Allocates <paramref name="shards"/> new shards one by one, as the coordinator does; the count per broker.</summary>
    static Dictionary<Broker, int> AllocateAll(int shards, params (Broker Broker, string Zone)[] brokers)
    {
        var loads = brokers.Select(b => new RegionLoad<Broker>(b.Broker, b.Zone, 0)).ToList();
        for (var i = 0; i < shards; i++)
        {
            var target = ZoneBalance.Allocate(loads)!;
            var index = loads.FindIndex(l => l.Region == target);
            loads[index] = loads[index] with { Shards = loads[index].Shards + 1 };
        }
        return loads.ToDictionary(l => l.Region, l => l.Shards);
    }

    [Fact]
    public void New_shards_spread_evenly_over_three_zones()
    {
        var counts = AllocateAll(100, (A1, "a"), (B1, "b"), (C1, "c"));
        Assert.All(counts.Values, n => Assert.InRange(n, 33, 34));
    }

    [Fact]
    public void A_zone_with_two_brokers_gets_its_zone_share_split_between_them_not_two_shares()
    {
        var counts = AllocateAll(90, (A1, "a"), (A2, "a"), (B1, "b"), (C1, "c"));

        Assert.Equal(30, counts[A1] + counts[A2]);
        Assert.Equal((15, 15, 30, 30), (counts[A1], counts[A2], counts[B1], counts[C1]));
    }

    [Fact]
    public void A_broker_joining_a_new_zone_takes_shards_from_the_fullest_zones_a_round_at_a_time()
    {
        RegionLoad<Broker>[] loads = [new(A1, "a", 50), new(B1, "b", 50), new(C1, "c", 0)];

        var moves = ZoneBalance.Rebalance(loads, limit: 10);

        Assert.Equal(10, moves.Values.Sum());
        Assert.Equal(5, moves[A1]);
        Assert.Equal(5, moves[B1]);
        Assert.DoesNotContain(C1, moves.Keys);
    }

    [Fact]
    public void Within_a_zone_a_joining_broker_takes_shards_from_its_zone_neighbour()
    {
        RegionLoad<Broker>[] loads = [new(A1, "a", 34), new(A2, "a", 0), new(B1, "b", 33), new(C1, "c", 33)];

        var moves = ZoneBalance.Rebalance(loads, limit: 100);

        Assert.Equal(new Dictionary<Broker, int> { [A1] = 17 }, moves);
    }

    [Fact]
    public void A_balanced_cluster_moves_nothing()
    {
        RegionLoad<Broker>[] loads = [new(A1, "a", 34), new(B1, "b", 33), new(C1, "c", 33)];
        Assert.Empty(ZoneBalance.Rebalance(loads, limit: 10));
        Assert.Empty(ZoneBalance.Rebalance([new RegionLoad<Broker>(A1, "a", 100)], limit: 10));
    }
}
