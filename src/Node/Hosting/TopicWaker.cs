using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;

namespace Shoal.Node.Hosting;

/// <summary>
/// Entities start when a message reaches them, but a topic's outbox must go on delivering after its
/// broker died or the node restarted, before anyone publishes again. So each broker, once it is up and
/// whenever a broker leaves the cluster, wakes every topic the catalog lists: each one recovers where
/// its shard lives now and resumes what it had not delivered. Waking an idle topic changes nothing.
/// </summary>
public sealed class TopicWaker : ReceiveActor, IWithTimers
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    const int Attempts = 5;

    public TopicWaker(IActorRef catalog, IActorRef topics, string brokerRole)
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
                    var names = await AllTopics(catalog);
                    foreach (var name in names) topics.Tell(new WakeTopic(EntityIds.Topic(Account.Id, name)));
                    log.Info("Woke {0} topic(s) so their outboxes resume", names.Count);
                    return;
                }
                catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
                {
                    log.Info("Waking topics: the catalog did not answer ({0}); trying again", e.Message);
                    await Task.Delay(Settle);
                }
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef catalog, IActorRef topics, string brokerRole) =>
        Akka.Actor.Props.Create(() => new TopicWaker(catalog, topics, brokerRole));

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

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    sealed class Wake
    {
        public static readonly Wake Instance = new();
    }
}
