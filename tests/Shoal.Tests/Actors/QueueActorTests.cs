using Akka.Actor;
using Akka.TestKit.Xunit2;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Tests.Support;

namespace Shoal.Tests.Actors;

[Trait("Tier", "Actor")]
public sealed class QueueActorTests() : TestKit(ActorTestConfig.InMemory)
{
    static readonly Dictionary<string, string> NoTags = new();
    static readonly Dictionary<string, MessageAttributeValue> NoAttributes = new();

    IActorRef Start(string queueId, int snapshotEvery = 1000) =>
        Sys.ActorOf(QueueActor.Props(queueId, TimeProvider.System, QueueSettings.Default with { SnapshotEvery = snapshotEvery }));

    static string NewQueueId(string behaviour) => $"000000000000/{Unique.Name(behaviour)}";

    static SendEntry Entry(string body) => new("e", Guid.NewGuid().ToString(), body, null, NoAttributes, NoAttributes);

    async Task<IActorRef> Created(string queueId, int snapshotEvery = 1000)
    {
        var queue = Start(queueId, snapshotEvery);
        var name = queueId.Split('/')[1];
        Assert.IsType<CreateQueueResult>(await queue.Ask<object>(new CreateQueue(queueId, name, new Dictionary<string, string>(), NoTags)));
        return queue;
    }

    async Task Send(IActorRef queue, string queueId, params string[] bodies)
    {
        foreach (var body in bodies)
            Assert.IsType<SendResult>(await queue.Ask<object>(new SendMessages(queueId, [Entry(body)], false, "test")));
    }

    async Task<ReceiveResult> Receive(IActorRef queue, string queueId, int max = 10, int? visibility = null, int? wait = 0) =>
        Assert.IsType<ReceiveResult>(await queue.Ask<object>(new ReceiveMessages(queueId, max, visibility, wait), TimeSpan.FromSeconds(30)));

    async Task<IReadOnlyDictionary<string, string>> Counts(IActorRef queue, string queueId) =>
        Assert.IsType<QueueAttributesResult>(await queue.Ask<object>(new GetQueueAttributes(queueId, ["All"]))).Attributes;

    async Task<IActorRef> Restart(IActorRef queue, string queueId, int snapshotEvery = 1000)
    {
        await queue.GracefulStop(TimeSpan.FromSeconds(5));
        return Start(queueId, snapshotEvery);
    }

    [Fact]
    public async Task Recovered_queue_has_the_same_messages_and_deliveries_as_before()
    {
        var id = NewQueueId("recover");
        var queue = await Created(id);
        await Send(queue, id, "a", "b", "c");
        var received = await Receive(queue, id, max: 1, visibility: 600);
        var deleted = await Receive(queue, id, max: 1, visibility: 600);
        Assert.IsType<EntriesResult>(await queue.Ask<object>(new DeleteMessages(id, [new ReceiptEntry("d", deleted.Messages[0].ReceiptHandle)], false)));
        var before = await Counts(queue, id);

        var recovered = await Restart(queue, id);
        var after = await Counts(recovered, id);
        Assert.Equal(before["ApproximateNumberOfMessages"], after["ApproximateNumberOfMessages"]);
        Assert.Equal("1", after["ApproximateNumberOfMessagesNotVisible"]);
        // The receipt handle from before the restart still deletes the in-flight message.
        Assert.Empty(Assert.IsType<EntriesResult>(await recovered.Ask<object>(
            new DeleteMessages(id, [new ReceiptEntry("r", received.Messages[0].ReceiptHandle)], false))).Failed);
        var rest = await Receive(recovered, id);
        Assert.Equal("c", Assert.Single(rest.Messages).Message.Body);
    }

    [Fact]
    public async Task Queue_recovered_from_a_snapshot_plus_tail_equals_the_one_before_the_restart()
    {
        var id = NewQueueId("snapshot");
        var queue = await Created(id, snapshotEvery: 5);
        await Send(queue, id, Enumerable.Range(0, 23).Select(i => $"m{i}").ToArray());
        await Receive(queue, id, max: 3, visibility: 600);
        var before = await Counts(queue, id);

        var recovered = await Restart(queue, id, snapshotEvery: 5);
        var after = await Counts(recovered, id);
        foreach (var name in new[] { "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp" })
            Assert.Equal(before[name], after[name]);
        var bodies = (await Receive(recovered, id, max: 10)).Messages.Select(m => m.Message.Body);
        Assert.Equal(Enumerable.Range(3, 10).Select(i => $"m{i}"), bodies);
    }

    [Fact]
    public async Task Parked_long_poll_is_answered_when_a_message_arrives()
    {
        var id = NewQueueId("park");
        var queue = await Created(id);
        var poll = queue.Ask<object>(new ReceiveMessages(id, 1, null, 10), TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.False(poll.IsCompleted);
        await Send(queue, id, "wake");
        var result = Assert.IsType<ReceiveResult>(await poll.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal("wake", Assert.Single(result.Messages).Message.Body);
    }

    [Fact]
    public async Task Parked_long_poll_is_answered_when_an_in_flight_message_becomes_visible_again()
    {
        var id = NewQueueId("revisible");
        var queue = await Created(id);
        await Send(queue, id, "again");
        await Receive(queue, id, visibility: 1);
        var result = await Receive(queue, id, wait: 5);
        var message = Assert.Single(result.Messages);
        Assert.Equal(2, message.ReceiveCount);
    }

    [Fact]
    public async Task Concurrent_sends_are_group_committed_and_each_gets_its_own_reply()
    {
        var id = NewQueueId("group");
        var queue = await Created(id);
        var sends = Enumerable.Range(0, 200)
            .Select(i => queue.Ask<object>(new SendMessages(id, [Entry($"m{i}")], false, "test")))
            .ToList();
        var replies = await Task.WhenAll(sends);
        Assert.All(replies, reply => Assert.IsType<SendResult>(reply));
        Assert.Equal(200, replies.Select(r => ((SendResult)r).Successful[0].MessageId).Distinct().Count());
        Assert.Equal("200", (await Counts(queue, id))["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task Commands_to_a_queue_that_was_never_created_get_QueueDoesNotExist()
    {
        var id = NewQueueId("nothing");
        var queue = Start(id);
        var reply = Assert.IsType<Rejection>(await queue.Ask<object>(new SendMessages(id, [Entry("x")], false, "test")));
        Assert.Equal(ErrorCode.QueueDoesNotExist, reply.Code);
    }

    [Fact]
    public async Task Recovered_queue_repairs_its_catalog_entry_in_case_a_crash_cut_the_second_step()
    {
        var id = NewQueueId("catalog");
        var name = id.Split('/')[1];
        var queue = await Created(id);
        await queue.GracefulStop(TimeSpan.FromSeconds(5));

        var catalog = CreateTestProbe();
        var recovered = Sys.ActorOf(QueueActor.Props(id, TimeProvider.System, QueueSettings.Default, catalog.Ref));
        catalog.ExpectMsg<RegisterQueue>(r => r.AccountId == "000000000000" && r.Name == name);

        Assert.IsType<Done>(await recovered.Ask<object>(new DeleteQueue(id)));
        await recovered.GracefulStop(TimeSpan.FromSeconds(5));
        Sys.ActorOf(QueueActor.Props(id, TimeProvider.System, QueueSettings.Default, catalog.Ref));
        catalog.ExpectMsg<UnregisterQueue>(r => r.Name == name);
    }

    [Fact]
    public async Task Deleted_queue_stays_deleted_after_recovery()
    {
        var id = NewQueueId("deleted");
        var queue = await Created(id);
        await Send(queue, id, "x");
        Assert.IsType<Done>(await queue.Ask<object>(new DeleteQueue(id)));
        var recovered = await Restart(queue, id);
        Assert.Equal(ErrorCode.QueueDoesNotExist, Assert.IsType<Rejection>(await recovered.Ask<object>(new GetQueue(id))).Code);
    }
}
