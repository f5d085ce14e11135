namespace Shoal.Actors.Queues;

/// <summary>
/// Ids remembered for a window (FIFO deduplication and receive attempt ids for 5 minutes, keys of moved-in
/// messages for longer): entries by key, and in the order recorded so the oldest are forgotten first.
/// Times come from events, never a clock.
/// </summary>
public sealed class FifoWindow<T>(Func<T, string> keyOf, Func<T, long> timeOf, long windowMs = FifoRules.DeduplicationWindowMs)
    where T : class
{
    readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
    readonly Queue<T> _order = new();

    public void Add(T entry)
    {
        _byKey[keyOf(entry)] = entry;
        _order.Enqueue(entry);
    }

    /// <summary>The entry under this key, if recorded less than the window before <paramref name="now"/>.</summary>
    public T? Find(string key, long now) =>
        _byKey.TryGetValue(key, out var entry) && now - timeOf(entry) < windowMs ? entry : null;

    public bool HasExpired(long now) => _order.TryPeek(out var oldest) && timeOf(oldest) + windowMs <= now;

    /// <summary>Drops entries recorded a window or more before <paramref name="at"/>.</summary>
    public void Forget(long at)
    {
        while (HasExpired(at))
        {
            var oldest = _order.Dequeue();
            // The key may since have been taken by a later entry (recorded again after its window).
            if (_byKey.TryGetValue(keyOf(oldest), out var current) && ReferenceEquals(current, oldest)) _byKey.Remove(keyOf(oldest));
        }
    }

    public void Clear()
    {
        _byKey.Clear();
        _order.Clear();
    }

    /// <summary>Every entry in recording order; adding them back in this order restores the same index.</summary>
    public List<T> ToList() => _order.ToList();
}
