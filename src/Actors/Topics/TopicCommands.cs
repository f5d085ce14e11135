using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>Every command to a topic names its entity, so the shard extractor is one line.</summary>
public interface ITopicCommand
{
    string TopicId { get; }
}

public sealed record CreateTopic(string TopicId, string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Tags)
    : ITopicCommand;

public sealed record DeleteTopic(string TopicId) : ITopicCommand;

public sealed record GetTopicAttributes(string TopicId) : ITopicCommand;

public sealed record SetTopicAttribute(string TopicId, string Name, string Value) : ITopicCommand;

/// <summary>SubscriptionId and Token are chosen by the caller, which keeps the rules free of randomness.</summary>
public sealed record Subscribe(
    string TopicId,
    string SubscriptionId,
    string Protocol,
    string? Endpoint,
    IReadOnlyDictionary<string, string> Attributes,
    string Token) : ITopicCommand;

public sealed record ConfirmSubscription(string TopicId, string Token, bool AuthenticateOnUnsubscribe) : ITopicCommand;

public sealed record Unsubscribe(string TopicId, string SubscriptionId) : ITopicCommand;

public sealed record GetSubscriptionAttributes(string TopicId, string SubscriptionId) : ITopicCommand;

public sealed record SetSubscriptionAttribute(string TopicId, string SubscriptionId, string Name, string Value) : ITopicCommand;

/// <summary>ListSubscriptionsByTopic: up to 100 after the token's subscription.</summary>
public sealed record ListTopicSubscriptions(string TopicId, string? NextToken) : ITopicCommand;

/// <summary>One message of Publish or PublishBatch; MessageId chosen by the caller.</summary>
public sealed record PublishEntry(
    string Id,
    string MessageId,
    string? Message,
    string? Subject,
    string? MessageStructure,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);

/// <summary>Publish is a batch of one without the batch-level checks.</summary>
/// <param name="Resent">A second copy of a publish whose first may have been lost with a broker (<see cref="IResendable"/>).</param>
public sealed record Publish(string TopicId, IReadOnlyList<PublishEntry> Entries, bool IsBatch, bool Resent = false) : ITopicCommand, IResendable
{
    public object AsResent() => this with { Resent = true };
}

public sealed record TagTopic(string TopicId, IReadOnlyDictionary<string, string> Tags) : ITopicCommand;

public sealed record UntagTopic(string TopicId, IReadOnlyList<string> TagKeys) : ITopicCommand;

public sealed record ListTopicTags(string TopicId) : ITopicCommand;

public sealed record AddTopicPermission(string TopicId, string Label, IReadOnlyList<string> AccountIds, IReadOnlyList<string> Actions) : ITopicCommand;

public sealed record RemoveTopicPermission(string TopicId, string Label) : ITopicCommand;

/// <summary>Sent by the entity to itself once a delivery's outcome is known: record it.</summary>
public sealed record EndDeliveries(string TopicId, string SubscriptionId, IReadOnlyList<long> Sequences, DeliveryOutcome Outcome) : ITopicCommand;

/// <summary>Starts the topic (after a broker left, or at start) so its outbox resumes delivering; changes nothing.</summary>
public sealed record WakeTopic(string TopicId) : ITopicCommand;

/// <summary>Sent by the entity to itself through its region (so idle passivation does not stop it): retry what is due.</summary>
public sealed record RetryDeliveries(string TopicId) : ITopicCommand;
