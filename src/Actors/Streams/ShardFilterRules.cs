using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>ListShards' ShardFilter: a Type, with the ShardId AFTER_SHARD_ID needs or the Timestamp (epoch ms) the timestamp types need.</summary>
public sealed record ShardFilter(string Type, string? ShardId = null, long? Timestamp = null);

/// <summary>
/// Which shards ListShards shows, as a function of the shard map. A shard is retained while any of its records may be:
/// while open, and for the retention period after it closed. The trim horizon is the oldest retained moment: the
/// retention period ago, or the stream's creation if that is later.
/// </summary>
public static class ShardFilterRules
{
    public const string AfterShardId = "AFTER_SHARD_ID";
    public const string AtTrimHorizon = "AT_TRIM_HORIZON";
    public const string FromTrimHorizon = "FROM_TRIM_HORIZON";
    public const string AtLatest = "AT_LATEST";
    public const string AtTimestamp = "AT_TIMESTAMP";
    public const string FromTimestamp = "FROM_TIMESTAMP";

    static readonly string[] Types = [AfterShardId, AtTrimHorizon, FromTrimHorizon, AtLatest, AtTimestamp, FromTimestamp];

    /// <summary>
    /// The shards a filter selects, in shard id order. Without a filter ListShards is FROM_TRIM_HORIZON:
    /// <list type="bullet">
    /// <item>AFTER_SHARD_ID: the retained shards after the given one;</item>
    /// <item>AT_TRIM_HORIZON: the shards open at the trim horizon;</item>
    /// <item>FROM_TRIM_HORIZON: every retained shard;</item>
    /// <item>AT_LATEST: the open shards;</item>
    /// <item>AT_TIMESTAMP: the shards open at the time (created at or before it, closed at or after it, or still open);</item>
    /// <item>FROM_TIMESTAMP: the open shards and those closed at or after the time.</item>
    /// </list>
    /// A time before the trim horizon counts as the trim horizon: AWS documents that for FROM_TIMESTAMP, and Shoal does
    /// the same for AT_TIMESTAMP, as GetShardIterator does for its timestamps.
    /// </summary>
    public static (IReadOnlyList<StreamShard>? Shards, Rejection? Rejection) Filter(
        IReadOnlyList<StreamShard> shards, ShardFilter? filter, int retentionHours, long now)
    {
        var type = filter?.Type ?? FromTrimHorizon;
        if (!Types.Contains(type))
            return (null, ValidationErrors.One(type, "shardFilter.type", ValidationErrors.OneOf(Types)));

        var expiry = now - retentionHours * 3_600_000L;
        var trimHorizon = shards.Count == 0 ? expiry : Math.Max(expiry, shards.Min(shard => shard.CreatedAt));
        bool Retained(StreamShard shard) => shard.ClosedAt is not { } closed || closed >= expiry;
        bool OpenAt(StreamShard shard, long at) => shard.CreatedAt <= at && (shard.ClosedAt is not { } closed || closed >= at);

        var (afterId, timestamp) = (filter?.ShardId, filter?.Timestamp);
        Func<StreamShard, bool> selects;
        switch (type)
        {
            case AfterShardId when afterId is null:
                return (null, Invalid("ShardId must be specified in a ShardFilter of type AFTER_SHARD_ID."));
            case AfterShardId:
                var after = ShardIds.IndexOf(afterId);
                selects = shard => Retained(shard) && (after is { } i ? shard.Index > i : string.CompareOrdinal(shard.ShardId, afterId) > 0);
                break;
            case AtTrimHorizon:
                selects = shard => OpenAt(shard, trimHorizon);
                break;
            case AtLatest:
                selects = shard => shard.IsOpen;
                break;
            case AtTimestamp or FromTimestamp when timestamp is null:
                return (null, Invalid($"Timestamp must be specified in a ShardFilter of type {type}."));
            case AtTimestamp:
                var at = Math.Max(timestamp.GetValueOrDefault(), trimHorizon);
                selects = shard => OpenAt(shard, at);
                break;
            case FromTimestamp:
                var from = Math.Max(timestamp.GetValueOrDefault(), trimHorizon);
                selects = shard => shard.ClosedAt is not { } closed || closed >= from;
                break;
            default:
                selects = Retained;
                break;
        }
        return (shards.Where(selects).OrderBy(shard => shard.Index).ToArray(), null);
    }

    static Rejection Invalid(string message) => new(ErrorCode.InvalidArgument, message);
}
