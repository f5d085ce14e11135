namespace Shoal.Api;

/// <summary>
/// A signal raised each time a broker leaves the cluster (removed after a crash or a leave). Requests that
/// were on their way to its entities may have died with it; <see cref="Entities"/> sends them again.
/// </summary>
public sealed class BrokerDepartures
{
    TaskCompletionSource _next = NewSignal();

    /// <summary>Completes at the next departure after this property was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Departed() => Interlocked.Exchange(ref _next, NewSignal()).SetResult();

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
