namespace Shoal.Node.Coordination;

/// <summary>A broker's shard region as the zone-aware rules see it: its zone and how many shards it holds.</summary>
public sealed record RegionLoad<TRegion>(TRegion Region, string Zone, int Shards);

/// <summary>
/// Active-active across zones: shards spread evenly over the zones first, then over the brokers within
/// each zone, so losing a zone loses the smallest share of the queues. Pure; the allocation strategy
/// feeds it the registered regions.
/// </summary>
public static class ZoneBalance
{
    /// <summary>Where a new shard goes: the least loaded broker of the zone holding the fewest shards.</summary>
    public static TRegion? Allocate<TRegion>(IReadOnlyList<RegionLoad<TRegion>> regions) where TRegion : class =>
        regions
            .GroupBy(r => r.Zone)
            .OrderBy(zone => zone.Sum(r => r.Shards))
            .ThenBy(zone => zone.Key, StringComparer.Ordinal)
            .Select(zone => zone.OrderBy(r => r.Shards).First().Region)
            .FirstOrDefault();

    /// <summary>
    /// How many shards to take off which broker now, at most <paramref name="limit"/> per round so a joining
    /// broker fills gradually: from the fullest zone while it holds two or more than the emptiest, then
    /// within a zone from its fullest broker while that holds two or more than its emptiest. Each moved
    /// shard is then placed by <see cref="Allocate"/>.
    /// </summary>
    public static Dictionary<TRegion, int> Rebalance<TRegion>(IReadOnlyList<RegionLoad<TRegion>> regions, int limit) where TRegion : class
    {
        var loads = regions.ToList();
        var moves = new Dictionary<TRegion, int>();
        while (moves.Values.Sum() < limit && NextMove(loads) is var (from, to))
        {
            loads[from] = loads[from] with { Shards = loads[from].Shards - 1 };
            loads[to] = loads[to] with { Shards = loads[to].Shards + 1 };
            moves[loads[from].Region] = moves.GetValueOrDefault(loads[from].Region) + 1;
        }
        return moves;
    }

    /// <summary>Indexes of the broker to take a shard from and the one it lands on, or null when balanced.</summary>
    static (int From, int To)? NextMove<TRegion>(List<RegionLoad<TRegion>> loads) where TRegion : class
    {
        if (loads.Count < 2) return null;
        var zones = loads.GroupBy(r => r.Zone).Select(z => (Zone: z.Key, Shards: z.Sum(r => r.Shards))).ToList();
        var fullest = zones.MaxBy(z => z.Shards);
        var emptiest = zones.MinBy(z => z.Shards);
        if (fullest.Shards - emptiest.Shards >= 2)
            return (FullestIn(loads, fullest.Zone), EmptiestIn(loads, emptiest.Zone));
        foreach (var (zone, _) in zones)
        {
            int from = FullestIn(loads, zone), to = EmptiestIn(loads, zone);
            if (loads[from].Shards - loads[to].Shards >= 2) return (from, to);
        }
        return null;
    }

    static int FullestIn<TRegion>(List<RegionLoad<TRegion>> loads, string zone) where TRegion : class =>
        loads.Select((r, i) => (r, i)).Where(x => x.r.Zone == zone).MaxBy(x => x.r.Shards).i;

    static int EmptiestIn<TRegion>(List<RegionLoad<TRegion>> loads, string zone) where TRegion : class =>
        loads.Select((r, i) => (r, i)).Where(x => x.r.Zone == zone).MinBy(x => x.r.Shards).i;
}
