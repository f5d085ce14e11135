using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

public sealed record TopicCreatedResult(string TopicArn);

public sealed record TopicAttributesResult(IReadOnlyDictionary<string, string> Attributes);

/// <summary>SubscriptionArn is null while the subscription waits for its confirmation.</summary>
public sealed record SubscribeResult(string SubscriptionArn, bool Pending);

public sealed record SubscriptionAttributesResult(IReadOnlyDictionary<string, string> Attributes);

public sealed record SubscriptionView(string SubscriptionArn, string Protocol, string Endpoint, string TopicArn);

public sealed record SubscriptionList(IReadOnlyList<SubscriptionView> Subscriptions, string? NextToken);

public sealed record PublishedEntry(string Id, string MessageId, string? SequenceNumber);

public sealed record PublishResult(IReadOnlyList<PublishedEntry> Successful, IReadOnlyList<EntryFailure> Failed);

public sealed record TopicTagsResult(IReadOnlyDictionary<string, string> Tags);
