using Shoal.Actors.Streams;

namespace Shoal.Tests.Unit;

/// <summary>Shard maps and times for the stream rules' tests.</summary>
internal static class TestStream
{
    public const string Name = "orders";

    /// <summary>The queue tests' clock: 2026-01-01T00:00:00Z.</summary>
    public const long T0 = TestQueue.T0;

    public static long At(double seconds) => TestQueue.At(seconds);

    /// <summary>A new stream's shards: <paramref name="count"/> uniform ones, created at <paramref name="createdAt"/>.</summary>
    public static IReadOnlyList<StreamShard> Created(int count, long createdAt = T0) =>
        HashKeys.Uniform(count).Select((range, i) => new StreamShard(i, range, createdAt)).ToArray();

    /// <summary>The stream's open shards' ranges, lowest first.</summary>
    public static IReadOnlyList<HashKeyRange> OpenRanges(IReadOnlyList<StreamShard> shards) =>
        HashKeys.OpenByHashKey(shards).Select(shard => shard.HashKeyRange).ToArray();

    public static T Accepted<T>((T? Value, Shoal.Actors.Common.Rejection? Rejection) result) where T : class
    {
        Assert.True(result.Rejection is null, $"Expected it accepted, but got {result.Rejection?.Code}: {result.Rejection?.Message}");
        return result.Value!;
    }
}
