using Akka.Actor;

namespace Shoal.Api;

/// <summary>
/// The shard regions (or, on api-only nodes, the region proxies) the API talks to.
/// The node composes it; the API never knows where an entity lives.
/// </summary>
public sealed record Entities(IActorRef Queues, IActorRef Catalog);
