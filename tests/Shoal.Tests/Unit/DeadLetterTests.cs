using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>Dead-letter queues: when a receive moves a message out, what the hand-off records, and what the target stores.</summary>
[Trait("Tier", "Unit")]
public class DeadLetterTests
{
    static readonly string DeadId = EntityIds.Queue(Account.Id, "dead");

    static (string, string) Redrive(string target = "dead", int maxReceiveCount = 2) =>
        (R.RedrivePolicy, $$"""{"deadLetterTargetArn":"{{R.Arn(target)}}","maxReceiveCount":{{maxReceiveCount}}}""");

    static TestQueue Source(int maxReceiveCount = 2) => Created(Redrive(maxReceiveCount: maxReceiveCount), (R.VisibilityTimeout, "0"));

    static TestQueue FifoSource() =>
        CreatedNamed("orders.fifo", (R.FifoQueue, "true"), Redrive("dead.fifo", 1), (R.VisibilityTimeout, "0"));

    static Decision ReceiveDecision(TestQueue queue, long at) => queue.Decide(new ReceiveMessages(queue.QueueId, 10, null, null), at);

    static MessagesMoving Moving(Decision decision) => Assert.Single(decision.Events.OfType<MessagesMoving>());

    static void Apply(TestQueue queue, Decision decision)
    {
        foreach (var e in decision.Events) queue.State.Apply(e);
    }

    static HandOffAnswered Answer(TestQueue queue, MessagesMoving moving, Rejection? refusal = null) =>
        new(queue.QueueId, moving.Sequences, moving.DestinationQueueId, moving.TaskId, refusal);

    // ---- The move on receive ----

    [Fact]
    public void A_receive_after_maxReceiveCount_receives_moves_the_message_to_the_dead_letter_queue_instead_of_delivering_it()
    {
        var queue = Source(maxReceiveCount: 2);
        var sent = queue.Send("poison", At(0));
        Assert.Single(queue.Receive(At(1)));
        Assert.Single(queue.Receive(At(2)));

        var third = ReceiveDecision(queue, At(3));

        Assert.Empty(Expect.Reply<ReceiveResult>(third.Reply).Messages);
        var moving = Moving(third);
        Assert.Equal(DeadId, moving.DestinationQueueId);
        Assert.Equal([queue.SequenceOf(sent.MessageId)], moving.Sequences);
        Assert.Null(moving.TaskId);
    }

    [Fact]
    public void Messages_below_maxReceiveCount_are_delivered_in_the_same_receive_that_moves_another()
    {
        var queue = Source(maxReceiveCount: 1);
        queue.Send("poison", At(0));
        Assert.Single(queue.Receive(At(1)));
        queue.Send("fresh", At(2));

        var decision = ReceiveDecision(queue, At(3));

        Assert.Equal("fresh", Assert.Single(Expect.Reply<ReceiveResult>(decision.Reply).Messages).Message.Body);
        Assert.Single(Moving(decision).Sequences);
    }

    [Fact]
    public void A_queue_without_a_RedrivePolicy_delivers_a_message_however_often_it_was_received()
    {
        var queue = Created((R.VisibilityTimeout, "0"));
        queue.Send("again", At(0));
        for (var i = 1; i <= 20; i++) Assert.Single(queue.Receive(At(i)));
    }

    [Fact]
    public void A_message_on_its_way_out_is_neither_receivable_nor_counted_visible_and_its_old_handle_deletes_nothing()
    {
        var queue = Source(maxReceiveCount: 1);
        queue.Send("poison", At(0));
        var handle = Assert.Single(queue.Receive(At(1))).ReceiptHandle;
        Apply(queue, ReceiveDecision(queue, At(2)));

        Assert.Empty(queue.Receive(At(3)));
        Assert.Equal(0, queue.Counts(At(3)).Visible);
        Assert.Empty(queue.Decide(new DeleteMessages(queue.QueueId, [new ReceiptEntry("e1", handle)], false), At(3)).Events);
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.ChangeVisibility(handle, 10, At(3)));
    }

    [Fact]
    public void A_confirmed_hand_off_removes_the_message_from_the_source()
    {
        var queue = Source(maxReceiveCount: 1);
        queue.Send("poison", At(0));
        queue.Receive(At(1));
        var receive = ReceiveDecision(queue, At(2));
        Apply(queue, receive);

        var answered = queue.Decide(Answer(queue, Moving(receive)), At(3));

        Assert.IsType<MessagesMoved>(Assert.Single(answered.Events));
        Apply(queue, answered);
        Assert.Equal(0, queue.State.MessageCount);
        Assert.False(queue.State.HasMovesPending);
    }

    [Fact]
    public void A_refused_hand_off_brings_the_message_back_and_receives_deliver_it_for_a_minute_before_moving_again()
    {
        var queue = Source(maxReceiveCount: 1);
        queue.Send("poison", At(0));
        queue.Receive(At(1));
        var receive = ReceiveDecision(queue, At(2));
        Apply(queue, receive);

        Apply(queue, queue.Decide(Answer(queue, Moving(receive), new Rejection(ErrorCode.QueueDoesNotExist, "gone")), At(3)));

        Assert.Equal("poison", Assert.Single(queue.Receive(At(4))).Message.Body);
        Assert.Single(queue.Receive(At(62)));
        Assert.Single(Moving(ReceiveDecision(queue, At(64))).Sequences);
    }

    [Fact]
    public void A_late_answer_for_a_message_purged_meanwhile_changes_nothing()
    {
        var queue = Source(maxReceiveCount: 1);
        queue.Send("poison", At(0));
        queue.Receive(At(1));
        var receive = ReceiveDecision(queue, At(2));
        Apply(queue, receive);
        Expect.Reply<Done>(queue.Run(new PurgeQueue(queue.QueueId), At(3)));

        Assert.Empty(queue.Decide(Answer(queue, Moving(receive)), At(4)).Events);
    }

    [Fact]
    public void On_a_fifo_queue_a_dead_letter_holds_its_group_until_it_has_left_while_other_groups_flow()
    {
        var queue = FifoSource();
        SendFifo(queue, "a1", "a", At(0));
        SendFifo(queue, "a2", "a", At(0));
        SendFifo(queue, "b1", "b", At(0));
        Assert.Equal("a1", Assert.Single(queue.Receive(At(1), max: 1)).Message.Body);

        var receive = ReceiveDecision(queue, At(2));
        Apply(queue, receive);

        Assert.Equal("b1", Assert.Single(Expect.Reply<ReceiveResult>(receive.Reply).Messages).Message.Body);
        Assert.DoesNotContain("a2", queue.Receive(At(3)).Select(m => m.Message.Body));
        Apply(queue, queue.Decide(Answer(queue, Moving(receive)), At(4)));
        Assert.Equal("a2", Assert.Single(queue.Receive(At(5))).Message.Body);
    }

    static void SendFifo(TestQueue queue, string body, string group, long at) =>
        Expect.Reply<SendResult>(queue.SendReply(Msg.Entry(body) with { MessageGroupId = group, MessageDeduplicationId = body }, at));

    // ---- What the target stores ----

    static AcceptMovedMessages DeadLetters(TestQueue target, string sourceName, params MovedMessage[] messages) =>
        new(target.QueueId, R.Arn(sourceName), IsDeadLetter: true, messages);

    static MovedMessage Moved(string key, string body = "poison", string? group = null) =>
        new(key, Guid.NewGuid().ToString(),
            new QueueMessage(3, Guid.NewGuid().ToString(), body, Msg.NoAttributes, Msg.NoAttributes, "sender", At(0), "md5", null, group, group is null ? null : "dedup"));

    [Fact]
    public void A_standard_dead_letter_keeps_its_MessageId_body_and_first_enqueue_time_and_names_its_source()
    {
        var dead = CreatedNamed("dead");
        var moved = Moved("000000000000/orders#3");

        Expect.Reply<MovedMessagesAccepted>(dead.Run(DeadLetters(dead, "orders", moved), At(100)));

        var stored = Assert.Single(dead.Receive(At(101))).Message;
        Assert.Equal(moved.MessageId, stored.MessageId);
        Assert.Equal("poison", stored.Body);
        Assert.Equal(At(0), stored.SentAt);
        Assert.Equal(R.Arn("orders"), stored.DeadLetterSourceArn);
    }

    [Fact]
    public void A_fifo_dead_letter_restarts_its_enqueue_time_keeps_its_group_and_deduplicates_by_its_MessageId()
    {
        var dead = CreatedNamed("dead.fifo", (R.FifoQueue, "true"));
        var moved = Moved("000000000000/orders.fifo#3", group: "g1");

        Expect.Reply<MovedMessagesAccepted>(dead.Run(DeadLetters(dead, "orders.fifo", moved), At(100)));

        var stored = Assert.Single(dead.Receive(At(101))).Message;
        Assert.Equal(At(100), stored.SentAt);
        Assert.Equal("g1", stored.MessageGroupId);
        Assert.Equal(moved.MessageId, stored.MessageDeduplicationId);
    }

    [Fact]
    public void A_hand_off_repeated_after_a_crash_stores_each_message_once()
    {
        var dead = CreatedNamed("dead");
        var first = Moved("000000000000/orders#3");
        var second = Moved("000000000000/orders#4");
        dead.Run(DeadLetters(dead, "orders", first), At(1));

        var again = Expect.Reply<MovedMessagesAccepted>(dead.Run(DeadLetters(dead, "orders", first, second, second), At(2)));

        Assert.Equal(1, again.Count);
        Assert.Equal(2, dead.State.MessageCount);
    }

    [Fact]
    public void Move_keys_are_forgotten_an_hour_after_arrival()
    {
        var dead = CreatedNamed("dead");
        dead.Run(DeadLetters(dead, "orders", Moved("000000000000/orders#3")), At(1));

        Assert.True(dead.State.HasMovedIn("000000000000/orders#3", At(3_600)));
        Expect.Reply<Done>(dead.Run(new ExpireMessages(dead.QueueId), At(3_601)));
        Assert.False(dead.State.HasMovedIn("000000000000/orders#3", At(3_601)));
    }

    [Fact]
    public void A_target_of_the_other_queue_type_refuses_the_hand_off()
    {
        var dead = CreatedNamed("dead");
        Expect.Rejection(ErrorCode.InvalidParameterValue, dead.Run(DeadLetters(dead, "orders.fifo", Moved("k", group: "g")), At(1)));
    }

    [Theory]
    [InlineData("""{"redrivePermission":"denyAll"}""", "orders", false)]
    [InlineData("""{"redrivePermission":"allowAll"}""", "orders", true)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:orders"]}""", "orders", true)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:orders"]}""", "billing", false)]
    public void The_target_RedriveAllowPolicy_decides_which_sources_may_dead_letter_into_it(string allowPolicy, string source, bool allowed)
    {
        var dead = CreatedNamed("dead", (R.RedriveAllowPolicy, allowPolicy));

        var reply = dead.Run(DeadLetters(dead, source, Moved($"000000000000/{source}#1")), At(1));

        if (allowed) Expect.Reply<MovedMessagesAccepted>(reply);
        else Expect.Rejection(ErrorCode.InvalidParameterValue, reply);
    }

    [Fact]
    public void A_RedriveAllowPolicy_does_not_stop_a_move_task_bringing_messages_back()
    {
        var source = CreatedNamed("orders", (R.RedriveAllowPolicy, """{"redrivePermission":"denyAll"}"""));
        var redriven = new AcceptMovedMessages(source.QueueId, R.Arn("dead"), IsDeadLetter: false, [Moved("000000000000/dead#1")]);

        Expect.Reply<MovedMessagesAccepted>(source.Run(redriven, At(1)));
        Assert.Null(Assert.Single(source.Receive(At(2))).Message.DeadLetterSourceArn);
    }

    // ---- The policies themselves ----

    [Theory]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":5}""", 5)]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":"1000"}""", 1000)]
    public void A_RedrivePolicy_names_its_target_and_count_as_a_number_or_a_string(string text, int count)
    {
        var policy = RedriveRules.ParsePolicy(text);
        Assert.Equal(("dead", count), (policy?.DeadLetterTargetName, policy?.MaxReceiveCount));
    }

    [Theory]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":0}""")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":1001}""")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead"}""")]
    [InlineData("""{"maxReceiveCount":3}""")]
    [InlineData("""not json""")]
    public void A_RedrivePolicy_without_a_target_or_with_a_count_outside_1_to_1000_is_InvalidParameterValue(string text)
    {
        var queue = Created();
        var rejection = Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SetAttributes(At(1), (R.RedrivePolicy, text)));
        Assert.StartsWith($"Value {text} for parameter RedrivePolicy is invalid. Reason: ", rejection.Message);
    }

    [Fact]
    public void A_maxReceiveCount_out_of_range_is_named_in_the_reason()
    {
        var rejection = RedriveRules.ValidatePolicy("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":1001}""");
        Assert.EndsWith("Reason: Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive.", rejection?.Message);
    }

    [Theory]
    [InlineData("""{"redrivePermission":"allowAll"}""", true)]
    [InlineData("""{"redrivePermission":"denyAll"}""", true)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:a"]}""", true)]
    [InlineData("""{"redrivePermission":"byQueue"}""", false)]
    [InlineData("""{"redrivePermission":"byQueue","sourceQueueArns":[]}""", false)]
    [InlineData("""{"redrivePermission":"allowAll","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:a"]}""", false)]
    [InlineData("""{"redrivePermission":"sometimes"}""", false)]
    public void A_RedriveAllowPolicy_is_allowAll_denyAll_or_byQueue_with_1_to_10_sources(string text, bool valid)
    {
        Assert.Equal(valid, RedriveRules.IsValidAllowPolicy(text));
        var sources = string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"{R.Arn($"q{i}")}\""));
        Assert.False(RedriveRules.IsValidAllowPolicy($$"""{"redrivePermission":"byQueue","sourceQueueArns":[{{sources}}]}"""));
    }

    [Fact]
    public void Setting_a_RedrivePolicy_checks_the_target_exists_has_the_same_type_and_allows_the_source()
    {
        var policy = RedriveRules.ParsePolicy(Redrive().Item2)!;
        var fifoPolicy = RedriveRules.ParsePolicy(Redrive("dead.fifo").Item2)!;

        Assert.Null(RedriveRules.ValidateTarget("orders", "p", policy, targetExists: true, targetAllowPolicy: null));
        Assert.Contains("does not exist", RedriveRules.ValidateTarget("orders", "p", policy, targetExists: false, null)!.Message);
        Assert.Contains("same type", RedriveRules.ValidateTarget("orders", "p", fifoPolicy, targetExists: true, null)!.Message);
        Assert.Contains("same type", RedriveRules.ValidateTarget("orders.fifo", "p", policy, targetExists: true, null)!.Message);
        Assert.Contains("does not allow", RedriveRules.ValidateTarget("orders", "p", policy, true, """{"redrivePermission":"denyAll"}""")!.Message);
    }

    [Fact]
    public void An_arn_of_another_account_or_region_names_no_queue_here()
    {
        Assert.Equal("dead", RedriveRules.QueueNameOf("arn:aws:sqs:us-east-1:000000000000:dead"));
        Assert.Null(RedriveRules.QueueNameOf("arn:aws:sqs:eu-west-1:000000000000:dead"));
        Assert.Null(RedriveRules.QueueNameOf("arn:aws:sqs:us-east-1:111122223333:dead"));
        Assert.Null(RedriveRules.QueueNameOf("arn:aws:sns:us-east-1:000000000000:dead"));
    }
}
