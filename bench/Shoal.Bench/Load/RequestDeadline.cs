namespace Shoal.Bench.Load;

/// <summary>
/// A per-worker request token: cancelled when one request takes longer than <paramref name="timeout"/>
/// (a hung server fails that request instead of stalling the worker), or when <paramref name="stop"/> fires
/// (to end a consumer's long poll). It is re-armed for each request rather than allocated.
/// </summary>
public sealed class RequestDeadline(TimeSpan timeout, CancellationToken stop = default) : IDisposable
{
    private CancellationTokenSource _source = NewSource(stop);

    public CancellationToken Start()
    {
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = NewSource(stop);
        }
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    private static CancellationTokenSource NewSource(CancellationToken stop) =>
        stop.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(stop) : new CancellationTokenSource();

    public void Dispose() => _source.Dispose();
}
