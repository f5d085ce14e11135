using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>
/// ListShards' ShardFilter over one history, with 24 hours' retention: two shards created at T0; at 1 h shard 0
/// splits into 2 and 3; at 2 h those merge into 4.
/// </summary>
[Trait("Tier", "Unit")]
public class ShardFilterRulesTests
{
    const double Hour = 3_600;

    static readonly IReadOnlyList<StreamShard> History = BuildHistory();

    static IReadOnlyList<StreamShard> BuildHistory()
    {
        var shards = Created(2);
        shards = Accepted(ReshardRules.SplitShard(shards, "shardId-000000000000", "1000", Name, At(1 * Hour))).ApplyTo(shards);
        return Accepted(ReshardRules.MergeShards(shards, "shardId-000000000002", "shardId-000000000003", Name, At(2 * Hour))).ApplyTo(shards);
    }

    static int[] Listed(ShardFilter? filter, double nowHours)
    {
        var (shards, rejection) = ShardFilterRules.Filter(History, filter, retentionHours: 24, At(nowHours * Hour));
        Assert.True(rejection is null, $"Expected shards, but got {rejection?.Code}: {rejection?.Message}");
        return shards!.Select(shard => shard.Index).ToArray();
    }

    static ShardFilter Filter(string type, double? hours = null, string? shardId = null) =>
        new(type, shardId, hours is { } h ? At(h * Hour) : null);

    [Fact]
    public void Without_a_filter_ListShards_shows_every_retained_shard() => Assert.Equal([0, 1, 2, 3, 4], Listed(null, 3));

    [Fact]
    public void FROM_TRIM_HORIZON_drops_shards_whose_records_have_all_expired()
    {
        Assert.Equal([0, 1, 2, 3, 4], Listed(Filter("FROM_TRIM_HORIZON"), 3));
        Assert.Equal([1, 2, 3, 4], Listed(Filter("FROM_TRIM_HORIZON"), 25.5));
        Assert.Equal([1, 4], Listed(Filter("FROM_TRIM_HORIZON"), 27));
    }

    [Fact]
    public void AT_LATEST_shows_the_open_shards() => Assert.Equal([1, 4], Listed(Filter("AT_LATEST"), 3));

    [Fact]
    public void AT_TRIM_HORIZON_shows_the_shards_open_at_the_oldest_retained_moment()
    {
        Assert.Equal([0, 1], Listed(Filter("AT_TRIM_HORIZON"), 3));
        Assert.Equal([1, 2, 3], Listed(Filter("AT_TRIM_HORIZON"), 25.5));
        Assert.Equal([1, 4], Listed(Filter("AT_TRIM_HORIZON"), 27));
    }

    [Fact]
    public void AT_TIMESTAMP_shows_the_shards_open_at_that_time()
    {
        Assert.Equal([1, 2, 3], Listed(Filter("AT_TIMESTAMP", 1.5), 3));
        Assert.Equal([0, 1, 2, 3], Listed(Filter("AT_TIMESTAMP", 1), 3));
        Assert.Equal([1, 4], Listed(Filter("AT_TIMESTAMP", 2.5), 3));
    }

    [Fact]
    public void AT_TIMESTAMP_before_the_trim_horizon_counts_from_the_trim_horizon()
    {
        Assert.Equal([0, 1], Listed(Filter("AT_TIMESTAMP", -5), 3));
        Assert.Equal([1, 2, 3], Listed(Filter("AT_TIMESTAMP", 0), 25.5));
    }

    [Fact]
    public void FROM_TIMESTAMP_shows_the_open_shards_and_those_closed_at_or_after_the_time()
    {
        Assert.Equal([1, 2, 3, 4], Listed(Filter("FROM_TIMESTAMP", 1.5), 3));
        Assert.Equal([1, 4], Listed(Filter("FROM_TIMESTAMP", 2.5), 3));
    }

    [Fact]
    public void FROM_TIMESTAMP_before_the_trim_horizon_is_corrected_to_the_trim_horizon() =>
        Assert.Equal([1, 2, 3, 4], Listed(Filter("FROM_TIMESTAMP", 0), 25.5));

    [Theory]
    [InlineData("shardId-000000000001")]
    [InlineData("shardId-1")]
    public void AFTER_SHARD_ID_shows_the_retained_shards_after_the_given_one(string shardId) =>
        Assert.Equal([2, 3, 4], Listed(Filter("AFTER_SHARD_ID", shardId: shardId), 3));

    [Fact]
    public void AFTER_SHARD_ID_skips_expired_shards() =>
        Assert.Equal([1, 4], Listed(Filter("AFTER_SHARD_ID", shardId: "shardId-000000000000"), 27));

    [Fact]
    public void A_new_streams_trim_horizon_is_its_creation()
    {
        var (shards, _) = ShardFilterRules.Filter(Created(3, createdAt: At(0)), Filter("AT_TRIM_HORIZON"), retentionHours: 24, At(60));

        Assert.Equal(3, shards!.Count);
    }

    [Fact]
    public void AFTER_SHARD_ID_needs_a_ShardId() =>
        Expect.Rejection(ErrorCode.InvalidArgument, ShardFilterRules.Filter(History, Filter("AFTER_SHARD_ID"), 24, At(3 * Hour)).Rejection);

    [Theory]
    [InlineData("AT_TIMESTAMP")]
    [InlineData("FROM_TIMESTAMP")]
    public void A_timestamp_filter_needs_a_Timestamp(string type) =>
        Expect.Rejection(ErrorCode.InvalidArgument, ShardFilterRules.Filter(History, Filter(type), 24, At(3 * Hour)).Rejection);

    [Fact]
    public void An_unknown_filter_type_breaks_the_model_enum() =>
        Assert.Equal("1 validation error detected: Value 'OPEN' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: " +
                     "[AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]",
            Expect.Rejection(ErrorCode.Validation, ShardFilterRules.Filter(History, Filter("OPEN"), 24, At(3 * Hour)).Rejection).Message);
}
