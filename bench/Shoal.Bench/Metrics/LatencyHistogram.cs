using System.Diagnostics;

namespace Shoal.Bench.Metrics;

/// <summary>
/// Log-linear histogram of microseconds (HdrHistogram-like, &lt;1.6 % bucket width), owned by one worker
/// so recording takes no lock; workers' histograms are merged once at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6, SubCount = 1 << SubBits; // 64 sub-buckets per power of two
    private readonly long[] _counts = new long[SubCount * 40];

    public long Count { get; private set; }
    public long MaxMicros { get; private set; }
    private double _sumMicros;

    public void RecordSince(long startTimestamp) =>
        RecordMicros((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);

    public void RecordMicros(long micros)
    {
        micros = Math.Max(0, micros);
        _counts[BucketOf(micros)]++;
        Count++;
        _sumMicros += micros;
        if (micros > MaxMicros) MaxMicros = micros;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
        Count += other.Count;
        _sumMicros += other._sumMicros;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    public double MeanMillis => Count == 0 ? 0 : _sumMicros / Count / 1000.0;

    /// <summary>The value at <paramref name="percentile"/> (0..100) in milliseconds, as the middle of its bucket.</summary>
    public double PercentileMillis(double percentile)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
                return Math.Min(MiddleOf(i), MaxMicros) / 1000.0;
        }
        return MaxMicros / 1000.0;
    }

    private static int BucketOf(long micros)
    {
        if (micros < 2 * SubCount) return (int)micros;
        var shift = 63 - (int)long.LeadingZeroCount(micros) - SubBits; // ≥ 1; the top SubBits+1 bits are kept
        var index = (shift + 1) * SubCount + (int)(micros >> shift) - SubCount;
        return Math.Min(index, SubCount * 40 - 1);
    }

    private static double MiddleOf(int bucket)
    {
        if (bucket < 2 * SubCount) return bucket;
        var shift = bucket / SubCount - 1;
        var low = (long)(bucket % SubCount + SubCount) << shift;
        return low + (1L << shift) / 2.0;
    }
}
