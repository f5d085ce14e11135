using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>
/// Everything a topic persists. Names are past tense and frozen once shipped: the serializer's
/// manifests (Persistence/Manifests.cs) name them in stored rows.
/// </summary>
public interface ITopicEvent;

public sealed record TopicCreated(string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Tags, long At)
    : ITopicEvent;

/// <summary>An attribute set; an empty value removes it.</summary>
public sealed record TopicAttributeSet(string Name, string Value) : ITopicEvent;

public sealed record TopicTagged(IReadOnlyDictionary<string, string> Tags) : ITopicEvent;

public sealed record TopicUntagged(IReadOnlyList<string> TagKeys) : ITopicEvent;

/// <summary>The topic is gone, with its subscriptions and whatever it had not yet delivered.</summary>
public sealed record TopicDeleted(long At) : ITopicEvent;

public sealed record Subscribed(Subscription Subscription) : ITopicEvent;

public sealed record SubscriptionConfirmed(string SubscriptionId, bool Authenticated) : ITopicEvent;

public sealed record SubscriptionAttributeSet(string SubscriptionId, string Name, string Value) : ITopicEvent;

public sealed record Unsubscribed(string SubscriptionId) : ITopicEvent;

/// <summary>
/// A published message and the subscriptions it is to reach (filter policies were applied at publish):
/// the outbox entry, kept until each of them has an outcome.
/// </summary>
public sealed record MessagePublished(PublishedMessage Message, IReadOnlyList<string> SubscriptionIds) : ITopicEvent;

/// <summary>Deliveries of these messages to one subscription ended: delivered, dead-lettered or given up.</summary>
public sealed record DeliveriesEnded(string SubscriptionId, IReadOnlyList<long> Sequences, DeliveryOutcome Outcome) : ITopicEvent;

public enum DeliveryOutcome { Delivered, DeadLettered, Discarded }

/// <summary>
/// What a publisher sent, as accepted: immutable. Sequence orders the topic's messages (and is a FIFO
/// topic's SequenceNumber); Message is the text as published, MessageStructure "json" when it holds
/// one message per protocol.
/// </summary>
public sealed record PublishedMessage(
    long Sequence,
    string MessageId,
    string Message,
    string? Subject,
    string? MessageStructure,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    long PublishedAt,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);
