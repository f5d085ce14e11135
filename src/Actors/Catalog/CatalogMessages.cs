namespace Shoal.Actors.Catalog;

/// <summary>Every catalog command names its account, the catalog's entity id.</summary>
public interface ICatalogCommand
{
    string AccountId { get; }
}

/// <summary>Lists the queue, with the dead-letter queue its RedrivePolicy names (null: none).</summary>
public sealed record RegisterQueue(string AccountId, string Name, string? DeadLetterTarget = null) : ICatalogCommand;

public sealed record UnregisterQueue(string AccountId, string Name) : ICatalogCommand;

public sealed record ListQueues(string AccountId, string? Prefix, int? MaxResults, string? NextToken) : ICatalogCommand;

/// <summary>ListDeadLetterSourceQueues: the queues whose RedrivePolicy names this one.</summary>
public sealed record ListDeadLetterSources(string AccountId, string Name, int? MaxResults, string? NextToken) : ICatalogCommand;

public sealed record RegisterTopic(string AccountId, string Name) : ICatalogCommand;

public sealed record UnregisterTopic(string AccountId, string Name) : ICatalogCommand;

/// <summary>SNS ListTopics: 100 names a page, after the token's name.</summary>
public sealed record ListTopics(string AccountId, string? NextToken) : ICatalogCommand;

public sealed record RegisterStream(string AccountId, string Name) : ICatalogCommand;

public sealed record UnregisterStream(string AccountId, string Name) : ICatalogCommand;

/// <summary>Kinesis ListStreams: up to Limit names after ExclusiveStartStreamName (or the token's name).</summary>
public sealed record ListStreams(string AccountId, string? After, int Limit) : ICatalogCommand;

/// <summary>Firehose: the type tells ListDeliveryStreams' filter (DirectPut or KinesisStreamAsSource).</summary>
public sealed record RegisterDeliveryStream(string AccountId, string Name, string Type) : ICatalogCommand;

public sealed record UnregisterDeliveryStream(string AccountId, string Name) : ICatalogCommand;

/// <summary>ListDeliveryStreams: up to Limit names after ExclusiveStartDeliveryStreamName, of the Type when one is given.</summary>
public sealed record ListDeliveryStreams(string AccountId, string? After, int Limit, string? Type) : ICatalogCommand;

/// <summary>A page of names (queues or topics) and the token for the next page, if any.</summary>
public sealed record NameList(IReadOnlyList<string> Names, string? NextToken);

public sealed record CatalogUpdated;

/// <summary>Persisted; names frozen (see Persistence/Manifests.cs).</summary>
public interface ICatalogEvent;

public sealed record QueueRegistered(string Name) : ICatalogEvent;

public sealed record QueueUnregistered(string Name) : ICatalogEvent;

public sealed record DeadLetterTargetSet(string Name, string? Target) : ICatalogEvent;

public sealed record TopicRegistered(string Name) : ICatalogEvent;

public sealed record TopicUnregistered(string Name) : ICatalogEvent;

public sealed record StreamRegistered(string Name) : ICatalogEvent;

public sealed record StreamUnregistered(string Name) : ICatalogEvent;

public sealed record DeliveryStreamRegistered(string Name, string Type) : ICatalogEvent;

public sealed record DeliveryStreamUnregistered(string Name) : ICatalogEvent;

public sealed record CatalogSnapshot(
    IReadOnlyList<string> QueueNames,
    IReadOnlyDictionary<string, string>? DeadLetterTargets = null,
    IReadOnlyList<string>? TopicNames = null,
    IReadOnlyList<string>? StreamNames = null,
    IReadOnlyDictionary<string, string>? DeliveryStreams = null);
