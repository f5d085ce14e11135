namespace Shoal.Actors.Streams;

/// <summary>
/// Which subscription holds each consumer's lease on a shard. A subscription renews its lease with every watch; one
/// whose node died stops renewing, and its lease lapses after <see cref="LeaseMs"/> so the consumer can subscribe
/// again. Pure: time comes in as epoch milliseconds.
/// </summary>
public sealed class SubscriptionLeases
{
    /// <summary>Several watch periods, so a live subscription never lapses between two watches.</summary>
    public const long LeaseMs = 15_000;

    readonly Dictionary<string, (string SubscriptionId, long ExpiresAt)> _byConsumer = new(StringComparer.Ordinal);

    /// <summary>Takes or renews the consumer's lease for the subscription; false while another subscription holds it.</summary>
    public bool TryHold(string consumerArn, string subscriptionId, long now)
    {
        if (_byConsumer.TryGetValue(consumerArn, out var lease) && lease.SubscriptionId != subscriptionId && lease.ExpiresAt > now) return false;
        _byConsumer[consumerArn] = (subscriptionId, now + LeaseMs);
        return true;
    }

    /// <summary>Frees the lease if the subscription still holds it.</summary>
    public void Release(string consumerArn, string subscriptionId)
    {
        if (_byConsumer.TryGetValue(consumerArn, out var lease) && lease.SubscriptionId == subscriptionId) _byConsumer.Remove(consumerArn);
    }

    public bool Holds(string consumerArn, string subscriptionId, long now) =>
        _byConsumer.TryGetValue(consumerArn, out var lease) && lease.SubscriptionId == subscriptionId && lease.ExpiresAt > now;
}
