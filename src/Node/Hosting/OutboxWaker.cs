using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;

namespace Shoal.Node.Hosting;

/// <summary>
/// Entities start when a message reaches them, but a topic's outbox and a delivery stream's buffer must go on
/// delivering after their broker died or the node restarted, before anyone publishes or puts again. So each broker,
/// once it is up and whenever a broker leaves the cluster, wakes every topic and delivery stream the catalog lists:
/// each one recovers where its shard lives now and resumes what it had not delivered. Waking an idle one changes nothing.
/// </summary>
public sealed class OutboxWaker : ReceiveActor, IWithTimers
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    const int Attempts = 5;

    public OutboxWaker(IActorRef catalog, IActorRef topics, IActorRef deliveryStreams, string brokerRole)
    {
        var log = Context.GetLogger();
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        // The callback runs in another actor: Self is taken here, not there.
        var self = Self;
        cluster.RegisterOnMemberUp(() => self.Tell(Wake.Instance));
        cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole(brokerRole)) Timers.StartSingleTimer(nameof(Wake), Wake.Instance, Settle);
        });
        ReceiveAsync<Wake>(async _ =>
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    var topicNames = await AllTopics(catalog);
                    foreach (var name in topicNames) topics.Tell(new WakeTopic(EntityIds.Topic(Account.Id, name)));
                    var deliveryStreamNames = await AllDeliveryStreams(catalog);
                    foreach (var name in deliveryStreamNames) deliveryStreams.Tell(new WakeDeliveryStream(EntityIds.DeliveryStream(Account.Id, name)));
                    log.Info("Woke {0} topic(s) and {1} delivery stream(s) so their outboxes resume", topicNames.Count, deliveryStreamNames.Count);
                    return;
                }
                catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
                {
                    log.Info("Waking topics and delivery streams: the catalog did not answer ({0}); trying again", e.Message);
                    await Task.Delay(Settle);
                }
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef catalog, IActorRef topics, IActorRef deliveryStreams, string brokerRole) =>
        Akka.Actor.Props.Create(() => new OutboxWaker(catalog, topics, deliveryStreams, brokerRole));

    static async Task<List<string>> AllTopics(IActorRef catalog)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var reply = await catalog.Ask<object>(new ListTopics(Account.Id, token), AskTimeout);
            if (reply is not NameList page) throw new InvalidOperationException($"ListTopics answered {reply.GetType().Name}");
            names.AddRange(page.Names);
            token = page.NextToken;
        } while (token is not null);
        return names;
    }

    static async Task<List<string>> AllDeliveryStreams(IActorRef catalog)
    {
        const int page = 1000;
        var names = new List<string>();
        while (true)
        {
            var reply = await catalog.Ask<object>(new ListDeliveryStreams(Account.Id, names.LastOrDefault(), page, null), AskTimeout);
            if (reply is not NameList list) throw new InvalidOperationException($"ListDeliveryStreams answered {reply.GetType().Name}");
            names.AddRange(list.Names.Take(page));
            if (list.Names.Count <= page) return names;
        }
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    sealed class Wake
    {
        public static readonly Wake Instance = new();
    }
}
