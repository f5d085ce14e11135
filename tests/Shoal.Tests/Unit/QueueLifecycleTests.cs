using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class QueueLifecycleTests
{
    [Fact]
    public void CreateQueue_again_with_equal_attributes_answers_the_same_queue_without_events()
    {
        var queue = Created((R.VisibilityTimeout, "45"));

        var again = queue.Decide(queue.Create((R.VisibilityTimeout, "45")), At(10));

        Assert.Equal(new CreateQueueResult("orders"), again.Reply);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void CreateQueue_again_naming_a_default_value_explicitly_matches_the_existing_queue()
    {
        var queue = Created();

        var again = queue.Decide(queue.Create((R.VisibilityTimeout, "30"), (R.DelaySeconds, "0")), At(10));

        Assert.Equal(new CreateQueueResult("orders"), again.Reply);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void CreateQueue_again_with_a_different_attribute_value_is_QueueNameExists()
    {
        var queue = Created((R.VisibilityTimeout, "45"));

        var again = queue.Decide(queue.Create((R.VisibilityTimeout, "60")), At(10));

        Expect.Rejection(ErrorCode.QueueNameExists, again.Reply);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void CreateQueue_within_60_seconds_of_DeleteQueue_is_QueueDeletedRecently()
    {
        var queue = Created();
        Expect.Reply<Done>(queue.Run(new DeleteQueue(queue.QueueId), At(100)));

        Expect.Rejection(ErrorCode.QueueDeletedRecently, queue.Run(queue.Create(), At(159.999)));
        Expect.Reply<CreateQueueResult>(queue.Run(queue.Create(), At(160)));
    }

    [Fact]
    public void Queue_created_again_after_deletion_starts_empty_with_its_new_attributes()
    {
        var queue = Created((R.VisibilityTimeout, "45"));
        queue.Send("from the old queue", At(0));
        queue.Run(new DeleteQueue(queue.QueueId), At(10));

        queue.Run(queue.Create((R.DelaySeconds, "5")), At(70));

        Assert.Equal((0L, 0L, 0L), queue.Counts(At(70)));
        Assert.Equal("30", queue.Attributes(At(70), R.VisibilityTimeout)[R.VisibilityTimeout]);
        Assert.Equal("5", queue.Attributes(At(70), R.DelaySeconds)[R.DelaySeconds]);
    }

    [Fact]
    public void Receipt_handle_from_before_a_delete_and_recreate_does_not_touch_new_messages()
    {
        var queue = Created();
        queue.Send("old", At(0));
        var oldHandle = Assert.Single(queue.Receive(At(0))).ReceiptHandle;
        queue.Run(new DeleteQueue(queue.QueueId), At(10));
        queue.Run(queue.Create(), At(70));
        queue.Send("new", At(70));
        Assert.Single(queue.Receive(At(70)));

        Expect.Reply<EntriesResult>(queue.Delete(oldHandle, At(71)));

        Assert.Equal(1, queue.State.MessageCount);
    }

    [Fact]
    public void PurgeQueue_removes_every_message()
    {
        var queue = Created();
        queue.Send("visible", At(0));
        queue.Send("delayed", At(0), delaySeconds: 100);
        queue.Send("in flight", At(0));
        queue.Receive(At(0), max: 1);

        Expect.Reply<Done>(queue.Run(new PurgeQueue(queue.QueueId), At(1)));

        Assert.Equal((0L, 0L, 0L), queue.Counts(At(1)));
        Assert.Empty(queue.Receive(At(200)));
    }

    [Fact]
    public void PurgeQueue_is_allowed_once_per_60_seconds()
    {
        var queue = Created();
        var purge = new PurgeQueue(queue.QueueId);
        Expect.Reply<Done>(queue.Run(purge, At(10)));

        Expect.Rejection(ErrorCode.PurgeQueueInProgress, queue.Run(purge, At(69.999)));
        Expect.Reply<Done>(queue.Run(purge, At(70)));
    }

    public static TheoryData<string> CommandsNeedingAQueue => new(Commands("any").Select(c => c.GetType().Name));

    static IEnumerable<IQueueCommand> Commands(string queueId) =>
    [
        new SendMessages(queueId, [Msg.Entry("hello")], IsBatch: false, "sender"),
        new ReceiveMessages(queueId, 1, null, null),
        new DeleteMessages(queueId, [new ReceiptEntry("e1", "garbage")], IsBatch: false),
        new ChangeVisibility(queueId, [new VisibilityEntry("e1", "garbage", 0)], IsBatch: false),
        new GetQueue(queueId),
        new GetQueueAttributes(queueId, ["All"]),
        new SetQueueAttributes(queueId, new Dictionary<string, string> { [R.VisibilityTimeout] = "10" }),
        new PurgeQueue(queueId),
        new DeleteQueue(queueId),
        new TagQueue(queueId, new Dictionary<string, string> { ["team"] = "a" }),
        new UntagQueue(queueId, ["team"]),
        new ListQueueTags(queueId),
    ];

    [Theory]
    [MemberData(nameof(CommandsNeedingAQueue))]
    public void Command_on_a_queue_that_was_never_created_is_QueueDoesNotExist(string commandName)
    {
        var queue = Missing();
        var command = Commands(queue.QueueId).Single(c => c.GetType().Name == commandName);

        var decision = queue.Decide(command, At(0));

        Expect.Rejection(ErrorCode.QueueDoesNotExist, decision.Reply);
        Assert.Empty(decision.Events);
    }

    [Theory]
    [MemberData(nameof(CommandsNeedingAQueue))]
    public void Command_on_a_deleted_queue_is_QueueDoesNotExist(string commandName)
    {
        var queue = Created();
        queue.Run(new DeleteQueue(queue.QueueId), At(1));
        var command = Commands(queue.QueueId).Single(c => c.GetType().Name == commandName);

        Expect.Rejection(ErrorCode.QueueDoesNotExist, queue.Decide(command, At(100)).Reply);
    }
}
