using System.Globalization;

namespace Shoal.Actors.Streams;

/// <summary>
/// One shard in a stream's shard map, with its lineage. Times are epoch milliseconds. A shard is open until a reshard
/// closes it (<see cref="ClosedAt"/>); the stream then records its <see cref="EndingSequenceNumber"/>, which only the
/// shard's log knows. Shards are never removed from the map, so their numbers are never reused; ListShards hides the
/// ones whose records have all expired.
/// </summary>
public sealed record StreamShard(
    int Index,
    HashKeyRange HashKeyRange,
    long CreatedAt,
    string? ParentShardId = null,
    string? AdjacentParentShardId = null,
    long? ClosedAt = null,
    string? EndingSequenceNumber = null)
{
    public string ShardId => ShardIds.Of(Index);
    public bool IsOpen => ClosedAt is null;
    public string StartingSequenceNumber => SequenceNumbers.Encode(Index, 0);
}

/// <summary>Shard ids, shardId-000000000000 onwards: the number is the shard's index in its stream, in creation order.</summary>
public static class ShardIds
{
    public static string Of(int index) => "shardId-" + index.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>
    /// The index a shard id names. Like AWS, only the number after the first hyphen counts, so "shardId-000000000005",
    /// "shardId-5", "shard-5" and "5" all name shard 5; null when there is no such number or it is above 2^31 − 1.
    /// </summary>
    public static int? IndexOf(string? shardId)
    {
        if (shardId is null) return null;
        var hyphen = shardId.IndexOf('-', StringComparison.Ordinal);
        var digits = hyphen < 0 ? shardId : shardId[(hyphen + 1)..];
        if (digits.Length == 0 || digits.Any(c => c is < '0' or > '9')) return null;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
