using System.Globalization;
using System.Numerics;
using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>
/// What a reshard does to a stream's shard map, as data. <see cref="Closed"/> names every shard it closes: existing
/// ones, and the short-lived ones UpdateShardCount creates and closes on its way; the stream sets each one's
/// EndingSequenceNumber from its log. <see cref="Created"/> lists the new shards in creation order, numbered on from
/// the stream's highest shard, each naming the parent(s) it covers.
/// </summary>
public sealed record Reshard(long At, IReadOnlyList<string> Closed, IReadOnlyList<StreamShard> Created)
{
    /// <summary>The shard map after this reshard.</summary>
    public IReadOnlyList<StreamShard> ApplyTo(IReadOnlyList<StreamShard> shards)
    {
        var closing = Closed.ToHashSet(StringComparer.Ordinal);
        return [.. shards.Select(shard => shard.IsOpen && closing.Contains(shard.ShardId) ? shard with { ClosedAt = At } : shard), .. Created];
    }
}

/// <summary>SplitShard, MergeShards and UpdateShardCount over a stream's shard map, with AWS's errors.</summary>
public static class ReshardRules
{
    public const string UniformScaling = "UNIFORM_SCALING";

    public static (Reshard? Reshard, Rejection? Rejection) SplitShard(
        IReadOnlyList<StreamShard> shards, string shardToSplit, string newStartingHashKey, string streamName, long now)
    {
        if (!HashKeys.IsDecimalHashKey(newStartingHashKey))
            return Fail(ValidationErrors.One(newStartingHashKey, "newStartingHashKey", ValidationErrors.Pattern(HashKeys.HashKeyPattern)));
        var (shard, missing) = Find(shards, shardToSplit, streamName);
        if (shard is null) return Fail(missing!);
        if (!shard.IsOpen) return Fail(AlreadyResharded(shard, streamName));

        var key = BigInteger.Parse(newStartingHashKey, CultureInfo.InvariantCulture);
        var range = shard.HashKeyRange;
        // AWS's bounds, narrower than "inside the range": each child keeps at least two hash keys.
        if (key <= range.Start + 1 || key >= range.End)
            return Fail(new Rejection(ErrorCode.InvalidArgument,
                $"NewStartingHashKey {newStartingHashKey} used in SplitShard() on shard {shard.ShardId} in {StreamRules.InAccount(streamName)} " +
                $"is not both greater than one plus the shard's StartingHashKey {range.StartingHashKey} and less than the shard's EndingHashKey {range.EndingHashKey}."));

        var next = NextIndex(shards);
        return (new Reshard(now, [shard.ShardId],
        [
            new StreamShard(next, new HashKeyRange(range.Start, key - 1), now, ParentShardId: shard.ShardId),
            new StreamShard(next + 1, new HashKeyRange(key, range.End), now, ParentShardId: shard.ShardId),
        ]), null);
    }

    /// <summary>MergeShards: <paramref name="shardToMerge"/> must be the lower of the two, as AWS requires.</summary>
    public static (Reshard? Reshard, Rejection? Rejection) MergeShards(
        IReadOnlyList<StreamShard> shards, string shardToMerge, string adjacentShardToMerge, string streamName, long now)
    {
        var (lower, missing) = Find(shards, shardToMerge, streamName);
        if (lower is null) return Fail(missing!);
        var (upper, missingAdjacent) = Find(shards, adjacentShardToMerge, streamName);
        if (upper is null) return Fail(missingAdjacent!);
        if (!lower.IsOpen) return Fail(AlreadyResharded(lower, streamName));
        if (!upper.IsOpen) return Fail(AlreadyResharded(upper, streamName));
        if (!lower.HashKeyRange.IsFollowedBy(upper.HashKeyRange))
            return Fail(new Rejection(ErrorCode.InvalidArgument,
                $"Shards {lower.ShardId} and {upper.ShardId} in {StreamRules.InAccount(streamName)} are not an adjacent pair of shards eligible for merging"));

        var merged = new StreamShard(NextIndex(shards), new HashKeyRange(lower.HashKeyRange.Start, upper.HashKeyRange.End), now,
            ParentShardId: lower.ShardId, AdjacentParentShardId: upper.ShardId);
        return (new Reshard(now, [lower.ShardId, upper.ShardId], [merged]), null);
    }

    /// <summary>
    /// UpdateShardCount with UNIFORM_SCALING: at most double and at least half the open shards per call, 1 to
    /// <paramref name="maxShards"/> in all. Like AWS it splits and merges: first every open shard is cut at the target
    /// boundaries inside it, then the pieces within each target range are merged pairwise from the left. So every child
    /// has one parent (a split) or two adjacent ones (a merge), as consumers that follow lineage expect, and the open
    /// shards end with the uniform ranges of <see cref="HashKeys.Uniform"/>. Shards already in place are left open.
    /// </summary>
    public static (Reshard? Reshard, Rejection? Rejection) UpdateShardCount(
        IReadOnlyList<StreamShard> shards, int targetShardCount, string scalingType, string streamName, long now,
        int maxShards = StreamRules.MaxShardsPerStream)
    {
        if (scalingType != UniformScaling)
            return Fail(ValidationErrors.One(scalingType, "scalingType", ValidationErrors.OneOf([UniformScaling])));
        if (targetShardCount < 1)
            return Fail(ValidationErrors.One(targetShardCount.ToString(CultureInfo.InvariantCulture),
                "targetShardCount", ValidationErrors.MinValue(1)));
        var open = HashKeys.OpenByHashKey(shards);
        var counts = $"Current open shard count: {open.Count}, Target shard count: {targetShardCount}";
        if (targetShardCount > maxShards)
            return Fail(new Rejection(ErrorCode.LimitExceeded,
                $"Target shard count or number of open shards cannot be greater than {maxShards}. {counts}"));
        if (targetShardCount > 2L * open.Count)
            return Fail(new Rejection(ErrorCode.LimitExceeded,
                $"UpdateShardCount cannot scale up over double your current open shard count. {counts}"));
        if (2L * targetShardCount < open.Count)
            return Fail(new Rejection(ErrorCode.LimitExceeded,
                $"UpdateShardCount cannot scale down below half your current open shard count. {counts}"));

        return (new UniformScaler(shards, now).To(open, HashKeys.Uniform(targetShardCount)), null);
    }

    /// <summary>The splits and merges of one UpdateShardCount, numbering new shards on from the stream's highest.</summary>
    sealed class UniformScaler(IReadOnlyList<StreamShard> shards, long now)
    {
        readonly int firstNew = NextIndex(shards);
        readonly List<StreamShard> created = [];
        readonly List<string> closed = [];

        public Reshard To(IReadOnlyList<StreamShard> open, IReadOnlyList<HashKeyRange> targets)
        {
            var pieces = new List<StreamShard>();
            var boundary = 1;
            foreach (var shard in open)
            {
                var piece = shard;
                while (boundary < targets.Count && targets[boundary].Start <= piece.HashKeyRange.Start) boundary++;
                for (; boundary < targets.Count && targets[boundary].Start <= piece.HashKeyRange.End; boundary++)
                {
                    var cut = targets[boundary].Start;
                    var lower = Create(new HashKeyRange(piece.HashKeyRange.Start, cut - 1), piece.ShardId, null);
                    var upper = Create(new HashKeyRange(cut, piece.HashKeyRange.End), piece.ShardId, null);
                    Close(piece);
                    pieces.Add(lower);
                    piece = upper;
                }
                pieces.Add(piece);
            }

            var next = 0;
            foreach (var target in targets)
            {
                var merged = pieces[next++];
                while (next < pieces.Count && pieces[next].HashKeyRange.End <= target.End)
                {
                    var right = pieces[next++];
                    var left = merged;
                    merged = Create(new HashKeyRange(left.HashKeyRange.Start, right.HashKeyRange.End), left.ShardId, right.ShardId);
                    Close(left);
                    Close(right);
                }
                if (merged.HashKeyRange != target)
                    throw new InvalidOperationException($"The open shards do not cover the hash key space: {merged.ShardId} spans {merged.HashKeyRange}, not {target}");
            }
            return new Reshard(now, closed, created);
        }

        StreamShard Create(HashKeyRange range, string parent, string? adjacentParent)
        {
            var shard = new StreamShard(firstNew + created.Count, range, now, parent, adjacentParent);
            created.Add(shard);
            return shard;
        }

        void Close(StreamShard shard)
        {
            closed.Add(shard.ShardId);
            if (shard.Index >= firstNew) created[shard.Index - firstNew] = shard with { ClosedAt = now };
        }
    }

    static (StreamShard? Shard, Rejection? Missing) Find(IReadOnlyList<StreamShard> shards, string shardId, string streamName)
    {
        var index = ShardIds.IndexOf(shardId);
        var shard = index is null ? null : shards.FirstOrDefault(s => s.Index == index);
        return shard is null ? (null, StreamRules.ShardNotFound(index is { } i ? ShardIds.Of(i) : shardId, streamName)) : (shard, null);
    }

    static Rejection AlreadyResharded(StreamShard shard, string streamName) => new(ErrorCode.InvalidArgument,
        $"Shard {shard.ShardId} in {StreamRules.InAccount(streamName)} has already been merged or split, and thus is not eligible for merging or splitting.");

    static int NextIndex(IReadOnlyList<StreamShard> shards) => shards.Count == 0 ? 0 : shards.Max(shard => shard.Index) + 1;

    static (Reshard?, Rejection?) Fail(Rejection rejection) => (null, rejection);
}
