using System.Collections.Concurrent;

namespace Shoal.Bench.Metrics;

/// <summary>
/// Counters shared by all workers of one run (interlocked; read by the progress reporter every second)
/// and the per-worker latency histograms, merged when the run ends.
/// </summary>
public sealed class RunStats
{
    private readonly ConcurrentBag<WorkerStats> _workers = [];
    private readonly ConcurrentDictionary<string, long> _errorKinds = new();
    private long _produced, _completed, _delivered, _requests, _errors, _foreign;

    /// <summary>Messages whose send the broker acknowledged.</summary>
    public long Produced => Volatile.Read(ref _produced);
    /// <summary>Messages done: acknowledged sends in the send scenarios, deletes/acks in the e2e ones.</summary>
    public long Completed => Volatile.Read(ref _completed);
    /// <summary>Deletes/acks of our messages, counted per queue (a fan-out delivers each message to several).</summary>
    public long Delivered => Volatile.Read(ref _delivered);
    public long Requests => Volatile.Read(ref _requests);
    public long Errors => Volatile.Read(ref _errors);
    /// <summary>Messages from an earlier run found in a reused queue (deleted, not counted).</summary>
    public long Foreign => Volatile.Read(ref _foreign);
    public IReadOnlyDictionary<string, long> ErrorKinds => _errorKinds;

    public WorkerStats NewWorker()
    {
        var worker = new WorkerStats();
        _workers.Add(worker);
        return worker;
    }

    public void AddProduced(int messages) => Interlocked.Add(ref _produced, messages);
    public void AddCompleted(int messages) => Interlocked.Add(ref _completed, messages);
    public void AddDelivered(int messages) => Interlocked.Add(ref _delivered, messages);
    public void AddRequest() => Interlocked.Increment(ref _requests);
    public void AddForeign(int messages) => Interlocked.Add(ref _foreign, messages);

    /// <summary>Counts one failed request or message, grouped by a short description of what went wrong.</summary>
    public void AddError(string kind, int count = 1)
    {
        Interlocked.Add(ref _errors, count);
        _errorKinds.AddOrUpdate(kind, count, (_, n) => n + count);
    }

    public IReadOnlyDictionary<Op, LatencyHistogram> MergedLatencies()
    {
        var merged = new Dictionary<Op, LatencyHistogram>();
        foreach (var worker in _workers)
            foreach (var (op, histogram) in worker.Histograms)
            {
                if (!merged.TryGetValue(op, out var total))
                    merged[op] = total = new LatencyHistogram();
                total.Add(histogram);
            }
        return merged;
    }
}

/// <summary>One worker's latency histograms; only that worker writes them.</summary>
public sealed class WorkerStats
{
    private readonly Dictionary<Op, LatencyHistogram> _histograms = [];

    public IReadOnlyDictionary<Op, LatencyHistogram> Histograms => _histograms;

    public LatencyHistogram For(Op op)
    {
        if (!_histograms.TryGetValue(op, out var histogram))
            _histograms[op] = histogram = new LatencyHistogram();
        return histogram;
    }
}
