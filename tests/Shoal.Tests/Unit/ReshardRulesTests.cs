using System.Numerics;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>SplitShard, MergeShards and UpdateShardCount: the shards they close and create, their lineage, and AWS's errors.</summary>
[Trait("Tier", "Unit")]
public class ReshardRulesTests
{
    static readonly BigInteger Half = BigInteger.One << 127;

    static Reshard Split(IReadOnlyList<StreamShard> shards, string shard, string key) =>
        Accepted(ReshardRules.SplitShard(shards, shard, key, Name, At(60)));

    static Reshard Merge(IReadOnlyList<StreamShard> shards, string shard, string adjacent) =>
        Accepted(ReshardRules.MergeShards(shards, shard, adjacent, Name, At(60)));

    static Reshard Scale(IReadOnlyList<StreamShard> shards, int target) =>
        Accepted(ReshardRules.UpdateShardCount(shards, target, "UNIFORM_SCALING", Name, At(60)));

    static string Id(int index) => ShardIds.Of(index);

    [Fact]
    public void SplitShard_closes_the_parent_and_creates_two_children_numbered_on_from_the_stream()
    {
        var shards = Created(1);
        var split = Split(shards, "shardId-000000000000", Half.ToString());

        Assert.Equal([Id(0)], split.Closed);
        Assert.Equal(
        [
            new StreamShard(1, new HashKeyRange(0, Half - 1), At(60), ParentShardId: Id(0)),
            new StreamShard(2, new HashKeyRange(Half, HashKeys.Max), At(60), ParentShardId: Id(0)),
        ], split.Created);

        var after = split.ApplyTo(shards);
        Assert.Equal(At(60), after[0].ClosedAt);
        Assert.Equal(HashKeys.Uniform(2), OpenRanges(after));
    }

    [Fact]
    public void Children_of_a_later_split_continue_the_numbering_after_every_shard_ever_made()
    {
        var shards = Split(Created(3), "shardId-000000000001", "150000000000000000000000000000000000000").ApplyTo(Created(3));

        var again = Split(shards, "shardId-000000000004", "200000000000000000000000000000000000000");

        Assert.Equal([5, 6], again.Created.Select(shard => shard.Index));
        Assert.Equal(["shardId-000000000005", "shardId-000000000006"], again.Created.Select(shard => shard.ShardId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("113427455640312821154458202477256070484")]
    public void SplitShard_needs_a_key_above_one_plus_the_start_and_below_the_end(string key)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, ReshardRules.SplitShard(Created(3), "shard-0", key, Name, At(60)).Rejection);

        Assert.Equal($"NewStartingHashKey {key} used in SplitShard() on shard shardId-000000000000 in stream orders under account 000000000000 " +
                     "is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey " +
                     "113427455640312821154458202477256070484.", rejection.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("113427455640312821154458202477256070483")]
    public void SplitShard_takes_the_keys_just_inside_its_bounds(string key) =>
        Assert.Equal(2, Split(Created(3), "shardId-000000000000", key).Created.Count);

    [Fact]
    public void SplitShard_with_a_key_that_is_not_a_decimal_breaks_the_model_pattern() =>
        Expect.Rejection(ErrorCode.Validation, ReshardRules.SplitShard(Created(1), "shardId-000000000000", "1e10", Name, At(60)).Rejection);

    [Theory]
    [InlineData("shardId-000000000005", "shardId-000000000005")]
    [InlineData("shardId-5", "shardId-000000000005")]
    [InlineData("ABKLFD8", "ABKLFD8")]
    public void Resharding_a_shard_the_stream_lacks_is_ResourceNotFoundException(string shardId, string named)
    {
        var rejection = Expect.Rejection(ErrorCode.ResourceNotFound, ReshardRules.SplitShard(Created(2), shardId, "12345", Name, At(60)).Rejection);

        Assert.Equal($"Could not find shard {named} in stream orders under account 000000000000.", rejection.Message);
    }

    [Fact]
    public void A_closed_shard_cannot_be_split_or_merged_again()
    {
        var shards = Split(Created(2), "shardId-000000000000", "12345").ApplyTo(Created(2));
        const string message = "Shard shardId-000000000000 in stream orders under account 000000000000 has already been merged or split, " +
                               "and thus is not eligible for merging or splitting.";

        Assert.Equal(message, Expect.Rejection(ErrorCode.InvalidArgument, ReshardRules.SplitShard(shards, Id(0), "100", Name, At(61)).Rejection).Message);
        Assert.Equal(message, Expect.Rejection(ErrorCode.InvalidArgument, ReshardRules.MergeShards(shards, Id(0), Id(1), Name, At(61)).Rejection).Message);
    }

    [Fact]
    public void MergeShards_closes_both_and_creates_one_child_naming_both_parents()
    {
        var merge = Merge(Created(3), "shardId-000000000000", "shardId-000000000001");

        Assert.Equal([Id(0), Id(1)], merge.Closed);
        var child = Assert.Single(merge.Created);
        Assert.Equal(new StreamShard(3, new HashKeyRange(0, BigInteger.Parse("226854911280625642308916404954512140969")), At(60),
            ParentShardId: Id(0), AdjacentParentShardId: Id(1)), child);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    public void MergeShards_takes_only_an_adjacent_pair_with_the_lower_shard_first(int shard, int adjacent)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, ReshardRules.MergeShards(Created(3), Id(shard), Id(adjacent), Name, At(60)).Rejection);

        Assert.Equal($"Shards {Id(shard)} and {Id(adjacent)} in stream orders under account 000000000000 " +
                     "are not an adjacent pair of shards eligible for merging", rejection.Message);
    }

    [Fact]
    public void MergeShards_with_an_unknown_adjacent_shard_is_ResourceNotFoundException() =>
        Expect.Rejection(ErrorCode.ResourceNotFound, ReshardRules.MergeShards(Created(3), Id(0), Id(7), Name, At(60)).Rejection);

    [Fact]
    public void Doubling_splits_each_open_shard_in_two()
    {
        var scale = Scale(Created(2), 4);

        Assert.Equal([Id(0), Id(1)], scale.Closed);
        Assert.Equal([Id(0), Id(0), Id(1), Id(1)], scale.Created.Select(shard => shard.ParentShardId));
        Assert.Equal(HashKeys.Uniform(4), OpenRanges(scale.ApplyTo(Created(2))));
    }

    [Fact]
    public void Halving_merges_each_pair_of_open_shards()
    {
        var scale = Scale(Created(2), 1);

        var child = Assert.Single(scale.Created);
        Assert.Equal((Id(0), Id(1)), (child.ParentShardId, child.AdjacentParentShardId));
        Assert.Equal(HashKeyRange.All, child.HashKeyRange);
    }

    [Fact]
    public void Three_to_two_splits_the_middle_shard_then_merges_each_half_through_short_lived_shards()
    {
        var scale = Scale(Created(3), 2);

        Assert.Equal([Id(1), Id(0), Id(3), Id(4), Id(2)], scale.Closed);
        Assert.Equal([3, 4, 5, 6], scale.Created.Select(shard => shard.Index));
        Assert.Equal([Id(1), Id(1), Id(0), Id(4)], scale.Created.Select(shard => shard.ParentShardId ?? ""));
        Assert.Equal(["", "", Id(3), Id(2)], scale.Created.Select(shard => shard.AdjacentParentShardId ?? ""));
        Assert.Equal([false, false, true, true], scale.Created.Select(shard => shard.IsOpen));
        Assert.Equal(HashKeys.Uniform(2), OpenRanges(scale.ApplyTo(Created(3))));
    }

    [Fact]
    public void Scaling_to_the_current_uniform_count_changes_nothing()
    {
        var scale = Scale(Created(4), 4);

        Assert.Empty(scale.Closed);
        Assert.Empty(scale.Created);
    }

    [Fact]
    public void Scaling_to_the_same_count_after_a_split_evens_the_ranges_out()
    {
        var shards = Split(Created(2), Id(0), "12345").ApplyTo(Created(2));

        Assert.Equal(HashKeys.Uniform(3), OpenRanges(Scale(shards, 3).ApplyTo(shards)));
    }

    public static TheoryData<int, int, bool> Scalings()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var from in new[] { 1, 2, 3, 5, 7, 12 })
        foreach (var unevenly in new[] { false, true })
        {
            var open = unevenly ? from + 1 : from;
            for (var to = (open + 1) / 2; to <= 2 * open; to++) data.Add(from, to, unevenly);
        }
        return data;
    }

    /// <summary>From <paramref name="from"/> uniform shards, or those with the first split off-centre, to <paramref name="to"/>.</summary>
    [Theory]
    [MemberData(nameof(Scalings))]
    public void Any_allowed_scaling_ends_uniform_with_every_child_covering_exactly_its_parents(int from, int to, bool unevenly)
    {
        var shards = Created(from);
        if (unevenly) shards = Split(shards, Id(0), "1000").ApplyTo(shards);

        var scale = Scale(shards, to);
        var after = scale.ApplyTo(shards);
        var byId = after.ToDictionary(shard => shard.ShardId);

        Assert.Equal(HashKeys.Uniform(to), OpenRanges(after));
        Assert.Equal(Enumerable.Range(shards.Count, scale.Created.Count), scale.Created.Select(shard => shard.Index));
        Assert.Equal(scale.Closed.Count, scale.Closed.Distinct().Count());
        Assert.All(scale.Created, child => Assert.Equal(At(60), child.CreatedAt));
        foreach (var closedId in scale.Closed)
        {
            var range = byId[closedId].HashKeyRange;
            Assert.False(byId[closedId].IsOpen, $"{closedId} is still open");
            var children = scale.Created.Where(c => c.ParentShardId == closedId || c.AdjacentParentShardId == closedId).OrderBy(c => c.Index).ToList();
            if (children.Count == 2)
            {
                // Split: two children with this one parent, covering its range exactly.
                Assert.All(children, child =>
                {
                    Assert.Equal(closedId, child.ParentShardId);
                    Assert.Null(child.AdjacentParentShardId);
                });
                Assert.True(children[0].HashKeyRange.IsFollowedBy(children[1].HashKeyRange));
                Assert.Equal(range, new HashKeyRange(children[0].HashKeyRange.Start, children[1].HashKeyRange.End));
            }
            else
            {
                // Merge: one child spanning this shard and its adjacent partner, lower one first.
                var child = Assert.Single(children);
                var (lower, upper) = (byId[child.ParentShardId!], byId[child.AdjacentParentShardId!]);
                Assert.True(lower.HashKeyRange.IsFollowedBy(upper.HashKeyRange));
                Assert.Equal(new HashKeyRange(lower.HashKeyRange.Start, upper.HashKeyRange.End), child.HashKeyRange);
            }
        }
    }

    [Fact]
    public void The_largest_stream_doubles_in_one_call()
    {
        var shards = Created(5_000);

        var scale = Scale(shards, 10_000);

        Assert.Equal(10_000, scale.Created.Count);
        Assert.Equal(HashKeys.Uniform(10_000), OpenRanges(scale.ApplyTo(shards)));
    }

    [Fact]
    public void UpdateShardCount_cannot_more_than_double_the_open_shards() =>
        Assert.Equal("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2, Target shard count: 5",
            Expect.Rejection(ErrorCode.LimitExceeded, ReshardRules.UpdateShardCount(Created(2), 5, "UNIFORM_SCALING", Name, At(60)).Rejection).Message);

    [Theory]
    [InlineData(5, 2)]
    [InlineData(3, 1)]
    public void UpdateShardCount_cannot_go_below_half_the_open_shards(int open, int target) =>
        Assert.Equal($"UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: {open}, Target shard count: {target}",
            Expect.Rejection(ErrorCode.LimitExceeded, ReshardRules.UpdateShardCount(Created(open), target, "UNIFORM_SCALING", Name, At(60)).Rejection).Message);

    [Fact]
    public void UpdateShardCount_cannot_exceed_the_streams_shard_limit() =>
        Assert.Equal("Target shard count or number of open shards cannot be greater than 4. Current open shard count: 3, Target shard count: 5",
            Expect.Rejection(ErrorCode.LimitExceeded, ReshardRules.UpdateShardCount(Created(3), 5, "UNIFORM_SCALING", Name, At(60), maxShards: 4).Rejection).Message);

    [Fact]
    public void UpdateShardCount_needs_at_least_one_shard_and_uniform_scaling()
    {
        Expect.Rejection(ErrorCode.Validation, ReshardRules.UpdateShardCount(Created(1), 0, "UNIFORM_SCALING", Name, At(60)).Rejection);
        Assert.EndsWith("Member must satisfy enum value set: [UNIFORM_SCALING]",
            Expect.Rejection(ErrorCode.Validation, ReshardRules.UpdateShardCount(Created(1), 2, "CUSTOM", Name, At(60)).Rejection).Message);
    }
}
