using Akka.Actor;
using Akka.Cluster;
using Shoal.Api;

namespace Shoal.Node.Coordination;

/// <summary>Raises <see cref="BrokerDepartures"/> when a member with the broker role is removed from the cluster.</summary>
public sealed class BrokerDepartureListener : ReceiveActor
{
    public BrokerDepartureListener(BrokerDepartures departures, string brokerRole)
    {
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole(brokerRole)) departures.Departed();
        });
    }

    public static Props Props(BrokerDepartures departures, string brokerRole) =>
        Akka.Actor.Props.Create(() => new BrokerDepartureListener(departures, brokerRole));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
}
