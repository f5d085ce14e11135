using Shoal.Actors.Queues;
using T = Shoal.Actors.Topics.TopicAttributeRules;

namespace Shoal.Actors.Topics;

/// <summary>
/// A topic as its events left it: attributes, subscriptions, the FIFO deduplication window and the
/// outbox (published messages some subscription has not had an outcome for yet). Changed only by
/// <see cref="Apply"/>, so snapshot plus tail equals a full replay.
/// </summary>
public sealed class TopicState
{
    readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    readonly OrderedDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    // Compiled filter policies, rebuilt from the subscriptions' FilterPolicy attribute.
    readonly Dictionary<string, FilterPolicy> _policies = new(StringComparer.Ordinal);
    readonly FifoWindow<TopicDeduplication> _deduplication = new(d => d.Key, d => d.At);
    // The outbox: each message, and per subscription the messages it still has to get, in order.
    readonly SortedDictionary<long, PublishedMessage> _outbox = new();
    readonly Dictionary<long, int> _pendingPerMessage = new();
    readonly Dictionary<string, SortedSet<long>> _pendingPerSubscription = new(StringComparer.Ordinal);

    public string Name { get; private set; } = "";
    public bool Exists { get; private set; }
    public long CreatedAt { get; private set; }
    public long NextSequence { get; private set; } = 1;
    public int SubscriptionsDeleted { get; private set; }

    public string Arn => T.Arn(Name);
    public bool IsFifo { get; private set; }
    public bool ContentBasedDeduplication => Attribute(T.ContentBasedDeduplication) == "true";
    public bool DeduplicationPerGroup => Attribute(T.FifoThroughputScope) == "MessageGroup";

    public IReadOnlyDictionary<string, string> Attributes => _attributes;
    public IReadOnlyDictionary<string, string> Tags => _tags;
    public IEnumerable<Subscription> Subscriptions => _subscriptions.Values;
    public int OutboxCount => _outbox.Count;

    public string? Attribute(string name) => _attributes.GetValueOrDefault(name);

    public Subscription? FindSubscription(string id) => _subscriptions.GetValueOrDefault(id);

    public FilterPolicy? PolicyOf(string subscriptionId) => _policies.GetValueOrDefault(subscriptionId);

    public TopicDeduplication? FindDeduplication(string key, long now) => _deduplication.Find(key, now);

    public PublishedMessage? FindPublished(long sequence) => _outbox.GetValueOrDefault(sequence);

    /// <summary>A message still in the outbox by its MessageId: only a resent publish looks, so a scan will do.</summary>
    public PublishedMessage? FindPublishedById(string messageId) => _outbox.Values.FirstOrDefault(m => m.MessageId == messageId);

    /// <summary>What each subscription still has to get, oldest first.</summary>
    public IReadOnlyDictionary<string, SortedSet<long>> Pending => _pendingPerSubscription;

    public TopicState Apply(ITopicEvent e)
    {
        switch (e)
        {
            case TopicCreated created:
                Reset();
                Name = created.Name;
                Exists = true;
                CreatedAt = created.At;
                IsFifo = created.Attributes.GetValueOrDefault(T.FifoTopic) == "true";
                foreach (var (name, value) in created.Attributes) _attributes[name] = value;
                foreach (var (key, value) in created.Tags) _tags[key] = value;
                break;
            case TopicAttributeSet set when set.Value.Length == 0:
                _attributes.Remove(set.Name);
                break;
            case TopicAttributeSet set:
                _attributes[set.Name] = set.Value;
                break;
            case TopicTagged tagged:
                foreach (var (key, value) in tagged.Tags) _tags[key] = value;
                break;
            case TopicUntagged untagged:
                foreach (var key in untagged.TagKeys) _tags.Remove(key);
                break;
            case TopicDeleted:
                Reset();
                break;
            case Subscribed subscribed:
                _subscriptions[subscribed.Subscription.Id] = subscribed.Subscription;
                RefreshPolicy(subscribed.Subscription);
                break;
            case SubscriptionConfirmed confirmed when _subscriptions.TryGetValue(confirmed.SubscriptionId, out var pending):
                _subscriptions[pending.Id] = pending with { Confirmed = true, ConfirmationWasAuthenticated = confirmed.Authenticated };
                break;
            case SubscriptionAttributeSet set when _subscriptions.TryGetValue(set.SubscriptionId, out var subscription):
                var attributes = new Dictionary<string, string>(subscription.Attributes);
                if (set.Value.Length == 0) attributes.Remove(set.Name);
                else attributes[set.Name] = set.Value;
                _subscriptions[subscription.Id] = subscription with { Attributes = attributes };
                RefreshPolicy(_subscriptions[subscription.Id]);
                break;
            case Unsubscribed unsubscribed when _subscriptions.Remove(unsubscribed.SubscriptionId):
                _policies.Remove(unsubscribed.SubscriptionId);
                SubscriptionsDeleted++;
                if (_pendingPerSubscription.Remove(unsubscribed.SubscriptionId, out var left))
                    foreach (var sequence in left) Settle(sequence);
                break;
            case MessagePublished published:
                Publish(published);
                break;
            case DeliveriesEnded ended when _pendingPerSubscription.TryGetValue(ended.SubscriptionId, out var queue):
                foreach (var sequence in ended.Sequences)
                    if (queue.Remove(sequence)) Settle(sequence);
                if (queue.Count == 0) _pendingPerSubscription.Remove(ended.SubscriptionId);
                break;
        }
        return this;
    }

    void Publish(MessagePublished published)
    {
        var message = published.Message;
        NextSequence = message.Sequence + 1;
        // Deduplication ids older than the window are forgotten as time (from the events) passes.
        _deduplication.Forget(message.PublishedAt);
        if (IsFifo && message.MessageDeduplicationId is { } id)
            _deduplication.Add(new TopicDeduplication(DeduplicationKey(id, message.MessageGroupId), message.MessageId, message.Sequence, message.PublishedAt));
        if (published.SubscriptionIds.Count == 0) return;
        _outbox[message.Sequence] = message;
        _pendingPerMessage[message.Sequence] = published.SubscriptionIds.Count;
        foreach (var subscription in published.SubscriptionIds)
        {
            if (!_pendingPerSubscription.TryGetValue(subscription, out var queue))
                _pendingPerSubscription[subscription] = queue = [];
            queue.Add(message.Sequence);
        }
    }

    /// <summary>One subscription is done with the message; the last one takes it out of the outbox.</summary>
    void Settle(long sequence)
    {
        if (!_pendingPerMessage.TryGetValue(sequence, out var left)) return;
        if (left > 1)
        {
            _pendingPerMessage[sequence] = left - 1;
            return;
        }
        _pendingPerMessage.Remove(sequence);
        _outbox.Remove(sequence);
    }

    /// <summary>Per topic, or per message group when FifoThroughputScope is MessageGroup.</summary>
    public string DeduplicationKey(string deduplicationId, string? group) =>
        DeduplicationPerGroup ? $"{group}\n{deduplicationId}" : deduplicationId;

    void RefreshPolicy(Subscription subscription)
    {
        _policies.Remove(subscription.Id);
        if (subscription.Attribute(SubscriptionRules.FilterPolicy) is not { Length: > 0 } json) return;
        var scope = SubscriptionRules.ScopeOf(subscription.Attribute(SubscriptionRules.FilterPolicyScope));
        // Policies were validated when set; one that no longer compiles (rules tightened since) filters nothing out.
        if (FilterPolicyRules.Validate(json, scope).Policy is { } policy) _policies[subscription.Id] = policy;
    }

    void Reset()
    {
        Exists = false;
        IsFifo = false;
        _attributes.Clear();
        _tags.Clear();
        _subscriptions.Clear();
        _policies.Clear();
        _deduplication.Clear();
        _outbox.Clear();
        _pendingPerMessage.Clear();
        _pendingPerSubscription.Clear();
        SubscriptionsDeleted = 0;
    }

    public TopicSnapshot ToSnapshot() => new(
        Name, Exists, IsFifo, CreatedAt, NextSequence, SubscriptionsDeleted,
        new Dictionary<string, string>(_attributes), new Dictionary<string, string>(_tags),
        _subscriptions.Values.ToList(), _deduplication.ToList(),
        _outbox.Values.Select(m => new OutboxEntry(m, _pendingPerSubscription.Where(p => p.Value.Contains(m.Sequence)).Select(p => p.Key).ToList())).ToList());

    public static TopicState FromSnapshot(TopicSnapshot snapshot)
    {
        var state = new TopicState
        {
            Name = snapshot.Name,
            Exists = snapshot.Exists,
            IsFifo = snapshot.IsFifo,
            CreatedAt = snapshot.CreatedAt,
            NextSequence = snapshot.NextSequence,
            SubscriptionsDeleted = snapshot.SubscriptionsDeleted,
        };
        foreach (var (name, value) in snapshot.Attributes) state._attributes[name] = value;
        foreach (var (key, value) in snapshot.Tags) state._tags[key] = value;
        foreach (var subscription in snapshot.Subscriptions)
        {
            state._subscriptions[subscription.Id] = subscription;
            state.RefreshPolicy(subscription);
        }
        foreach (var entry in snapshot.Deduplication) state._deduplication.Add(entry);
        foreach (var entry in snapshot.Outbox)
        {
            state._outbox[entry.Message.Sequence] = entry.Message;
            state._pendingPerMessage[entry.Message.Sequence] = entry.SubscriptionIds.Count;
            foreach (var subscription in entry.SubscriptionIds)
            {
                if (!state._pendingPerSubscription.TryGetValue(subscription, out var queue))
                    state._pendingPerSubscription[subscription] = queue = [];
                queue.Add(entry.Message.Sequence);
            }
        }
        return state;
    }
}

/// <summary>A FIFO deduplication key and the message first published with it.</summary>
public sealed record TopicDeduplication(string Key, string MessageId, long Sequence, long At);

public sealed record OutboxEntry(PublishedMessage Message, IReadOnlyList<string> SubscriptionIds);

/// <summary>A topic's state frozen for the snapshot store: plain data, copied when taken.</summary>
public sealed record TopicSnapshot(
    string Name,
    bool Exists,
    bool IsFifo,
    long CreatedAt,
    long NextSequence,
    int SubscriptionsDeleted,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<Subscription> Subscriptions,
    IReadOnlyList<TopicDeduplication> Deduplication,
    IReadOnlyList<OutboxEntry> Outbox);
