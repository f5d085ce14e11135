namespace Shoal.Actors.Catalog;

/// <summary>Every catalog command names its account, the catalog's entity id.</summary>
public interface ICatalogCommand
{
    string AccountId { get; }
}

public sealed record RegisterQueue(string AccountId, string Name) : ICatalogCommand;

public sealed record UnregisterQueue(string AccountId, string Name) : ICatalogCommand;

public sealed record ListQueues(string AccountId, string? Prefix, int? MaxResults, string? NextToken) : ICatalogCommand;

public sealed record QueueList(IReadOnlyList<string> Names, string? NextToken);

public sealed record CatalogUpdated;

/// <summary>Persisted; names frozen (see Persistence/Manifests.cs).</summary>
public interface ICatalogEvent;

public sealed record QueueRegistered(string Name) : ICatalogEvent;

public sealed record QueueUnregistered(string Name) : ICatalogEvent;

public sealed record CatalogSnapshot(IReadOnlyList<string> QueueNames);
