namespace Shoal.Bench.Load;

/// <summary>
/// A per-worker request timeout token (a hung server fails one request instead of stalling the worker),
/// re-armed for each request rather than allocated.
/// </summary>
public sealed class RequestDeadline(TimeSpan timeout) : IDisposable
{
    /// <summary>How long an HTTP request may take (a long poll: this plus its wait time).</summary>
    public static readonly TimeSpan HttpRequestTimeout = TimeSpan.FromSeconds(30);

    private CancellationTokenSource _source = new();

    public CancellationToken Start()
    {
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource();
        }
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    public void Dispose() => _source.Dispose();
}
