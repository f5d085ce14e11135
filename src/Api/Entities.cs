using System.Diagnostics;
using Akka.Actor;
using Shoal.Actors.Common;

namespace Shoal.Api;

/// <summary>
/// The shard regions (or, on api-only nodes, the region proxies) the API talks to.
/// The node composes it; the API never knows where an entity lives.
/// </summary>
public sealed class Entities(IActorRef queues, IActorRef catalog, IActorRef topics, IActorRef streams, IActorRef streamShards,
    IActorRef deliveryStreams, BrokerDepartures departures)
{
    /// <summary>Time for the region to hear of a departure too and forget the dead broker as its shards' home.</summary>
    static readonly TimeSpan RerouteDelay = TimeSpan.FromMilliseconds(500);

    public IActorRef Queues => queues;
    public IActorRef Catalog => catalog;
    public IActorRef Topics => topics;
    public IActorRef Streams => streams;
    public IActorRef StreamShards => streamShards;
    public IActorRef DeliveryStreams => deliveryStreams;

    /// <summary>
    /// Asks an entity through its region. Remoting is at-most-once: a request sent to a broker that then
    /// crashed is lost, and would only end in a timeout. So a request still unanswered when a broker leaves
    /// the cluster is sent once more, to wherever its shard lives now, and the first answer wins. Resending is
    /// what the SDK would do after the timeout, only sooner. If the first arrived after all, a resent send finds
    /// what it stored (<see cref="IResendable"/>); a receive answered twice leaves the losing answer's messages
    /// in flight until their visibility timeout, as a reply lost on the network would.
    /// </summary>
    public async Task<object> Ask(IActorRef region, object command, TimeSpan timeout, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var departure = departures.Next;
        var answer = region.Ask<object>(command, timeout, cancel);
        if (await Task.WhenAny(answer, departure) == answer) return await answer;

        await Task.WhenAny(answer, Task.Delay(RerouteDelay, cancel));
        var remaining = timeout - Stopwatch.GetElapsedTime(started);
        if (answer.IsCompleted || remaining <= TimeSpan.Zero) return await answer;
        var copy = command is IResendable resendable ? resendable.AsResent() : command;
        return await FirstAnswer(answer, region.Ask<object>(copy, remaining, cancel));
    }

    static async Task<object> FirstAnswer(Task<object> first, Task<object> second)
    {
        var done = await Task.WhenAny(first, second);
        return done.IsCompletedSuccessfully ? done.Result : await (done == first ? second : first);
    }
}
