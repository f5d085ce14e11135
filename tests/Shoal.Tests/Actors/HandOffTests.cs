using Akka.Actor;
using Akka.TestKit.Xunit2;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Tests.Support;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Actors;

/// <summary>
/// The hand-off between queue entities (dead letters, move tasks) across a crash of the source: the
/// source stopped after the target committed but before it heard so, or before the target got anything.
/// Either way every message ends up in the target exactly once.
/// </summary>
[Trait("Tier", "Actor")]
public sealed class HandOffTests() : TestKit(ActorTestConfig.InMemory)
{
    static readonly Dictionary<string, string> NoTags = new();
    static readonly Dictionary<string, MessageAttributeValue> NoAttributes = new();

    [Fact]
    public async Task A_source_restarted_after_the_dead_letter_queue_committed_but_before_it_heard_so_leaves_one_copy()
    {
        var (router, source, dead) = await SourceWithDeadLetters(5);
        router.Tell(new Router.Intercept(Router.Mode.DropAnswers));

        await Receive(router, source); // the move: the dead-letter queue stores, its answer is lost
        await Eventually.Holds(async () => Assert.Equal("5", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]));
        router.Tell(new Router.Crash(source));
        router.Tell(new Router.Intercept(Router.Mode.PassThrough));

        await Eventually.Holds(async () => Assert.Equal(("0", "0"), Counts(await Attributes(router, source))));
        Assert.Equal("5", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]);
    }

    [Fact]
    public async Task A_source_restarted_before_the_dead_letter_queue_got_anything_hands_every_message_over_after_recovery()
    {
        var (router, source, dead) = await SourceWithDeadLetters(5);
        router.Tell(new Router.Intercept(Router.Mode.DropRequests));

        await Receive(router, source);
        router.Tell(new Router.Crash(source));
        Assert.Equal("0", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]);
        router.Tell(new Router.Intercept(Router.Mode.PassThrough));

        await Eventually.Holds(async () => Assert.Equal(("0", "0"), Counts(await Attributes(router, source))));
        Assert.Equal("5", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]);
    }

    [Fact]
    public async Task A_move_task_interrupted_by_a_crash_resumes_after_recovery_and_moves_each_message_once()
    {
        var (router, source, dead) = await SourceWithDeadLetters(20);
        await Receive(router, source);
        await Eventually.Holds(async () => Assert.Equal("20", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]));

        router.Tell(new Router.Intercept(Router.Mode.DropAnswers));
        Assert.IsType<MoveTaskStartedResult>(await router.Ask<object>(new StartMoveTask(dead, "task-1", null, 10)));
        await Eventually.Holds(async () => Assert.NotEqual("0", (await Attributes(router, source))[R.ApproximateNumberOfMessages]));
        router.Tell(new Router.Crash(dead));
        router.Tell(new Router.Intercept(Router.Mode.PassThrough));

        await Eventually.Holds(async () =>
        {
            var task = Assert.Single(Assert.IsType<MoveTaskList>(await router.Ask<object>(new ListMoveTasks(dead, 1))).Tasks);
            Assert.Equal(MoveTaskStatus.Completed, task.Status);
        });
        Assert.Equal("20", (await Attributes(router, source))[R.ApproximateNumberOfMessages]);
        Assert.Equal("0", (await Attributes(router, dead))[R.ApproximateNumberOfMessages]);
    }

    /// <summary>A dead-letter queue, and a source (maxReceiveCount 1) whose messages were each received once.</summary>
    async Task<(IActorRef Router, string Source, string Dead)> SourceWithDeadLetters(int messages)
    {
        var router = Sys.ActorOf(Props.Create(() => new Router()));
        var deadName = Unique.Name("dead");
        var sourceName = Unique.Name("orders");
        var dead = EntityIds.Queue(Account.Id, deadName);
        var source = EntityIds.Queue(Account.Id, sourceName);
        Assert.IsType<CreateQueueResult>(await router.Ask<object>(new CreateQueue(dead, deadName, new Dictionary<string, string>(), NoTags)));
        var policy = $$"""{"deadLetterTargetArn":"{{R.Arn(deadName)}}","maxReceiveCount":1}""";
        Assert.IsType<CreateQueueResult>(await router.Ask<object>(new CreateQueue(source, sourceName,
            new Dictionary<string, string> { [R.RedrivePolicy] = policy, [R.VisibilityTimeout] = "0" }, NoTags)));
        for (var i = 0; i < messages; i++)
            Assert.IsType<SendResult>(await router.Ask<object>(new SendMessages(source,
                [new SendEntry("e", Guid.NewGuid().ToString(), $"m{i}", null, NoAttributes, NoAttributes)], false, "test")));
        var received = 0;
        while (received < messages) received += (await Receive(router, source)).Messages.Count;
        return (router, source, dead);
    }

    static async Task<ReceiveResult> Receive(IActorRef router, string queueId) =>
        Assert.IsType<ReceiveResult>(await router.Ask<object>(new ReceiveMessages(queueId, 10, null, 0)));

    static async Task<IReadOnlyDictionary<string, string>> Attributes(IActorRef router, string queueId) =>
        Assert.IsType<QueueAttributesResult>(await router.Ask<object>(new GetQueueAttributes(queueId, ["All"]))).Attributes;

    static (string Visible, string NotVisible) Counts(IReadOnlyDictionary<string, string> attributes) =>
        (attributes[R.ApproximateNumberOfMessages], attributes[R.ApproximateNumberOfMessagesNotVisible]);


    /// <summary>
    /// Stands in for the shard region: starts queue entities on demand, and can stop one (a crash: the
    /// next command recovers it from the journal) or disturb the hand-offs between them.
    /// </summary>
    sealed class Router : ReceiveActor
    {
        public enum Mode { PassThrough, DropRequests, DropAnswers }

        public sealed record Intercept(Mode Mode);

        public sealed record Crash(string QueueId);

        readonly Dictionary<string, IActorRef> _entities = new();
        Mode _mode = Mode.PassThrough;

        public Router()
        {
            Receive<Intercept>(intercept => _mode = intercept.Mode);
            Receive<Crash>(crash =>
            {
                if (_entities.Remove(crash.QueueId, out var entity)) Context.Stop(entity);
            });
            Receive<AcceptMovedMessages>(accept =>
            {
                if (_mode == Mode.DropRequests) return;
                if (_mode == Mode.DropAnswers) Entity(accept.QueueId).Tell(accept, ActorRefs.Nobody);
                else Entity(accept.QueueId).Forward(accept);
            });
            Receive<IQueueCommand>(command => Entity(command.QueueId).Forward(command));
        }

        IActorRef Entity(string queueId)
        {
            if (!_entities.TryGetValue(queueId, out var entity))
            {
                entity = Context.ActorOf(QueueActor.Props(queueId, TimeProvider.System, QueueSettings.Default, queues: Self));
                _entities[queueId] = entity;
            }
            return entity;
        }
    }
}
