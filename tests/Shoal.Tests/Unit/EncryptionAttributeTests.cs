using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>Server-side encryption attributes: SSE-SQS or SSE-KMS, one at a time, as SQS keeps them.</summary>
[Trait("Tier", "Unit")]
public class EncryptionAttributeTests
{
    const string Key = "alias/aws/sqs";
    const string BothKinds = "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.";

    static readonly string[] EncryptionNames = [R.SqsManagedSseEnabled, R.KmsMasterKeyId, R.KmsDataKeyReusePeriodSeconds];

    /// <summary>The encryption attributes GetQueueAttributes(All) reports.</summary>
    static Dictionary<string, string> Encryption(TestQueue queue) =>
        queue.Attributes(At(9), "All").Where(a => EncryptionNames.Contains(a.Key)).ToDictionary();

    static Dictionary<string, string> Expected(params (string Name, string Value)[] attributes) => attributes.ToDictionary();

    [Fact]
    public void A_new_queue_uses_SSE_SQS_and_reports_no_key()
    {
        Assert.Equal(Expected((R.SqsManagedSseEnabled, "true")), Encryption(Created()));
    }

    [Fact]
    public void Creating_with_a_KMS_key_turns_SSE_SQS_off_and_reports_the_default_reuse_period()
    {
        var queue = Created((R.KmsMasterKeyId, Key));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "false"), (R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, "300")),
            Encryption(queue));
    }

    [Fact]
    public void Creating_with_a_KMS_key_and_a_reuse_period_keeps_that_period()
    {
        var queue = Created((R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, "860"));

        Assert.Equal("860", Encryption(queue)[R.KmsDataKeyReusePeriodSeconds]);
    }

    [Fact]
    public void A_KMS_key_with_SSE_SQS_explicitly_off_is_accepted() =>
        Assert.Equal("false", Encryption(Created((R.SqsManagedSseEnabled, "false"), (R.KmsMasterKeyId, Key)))[R.SqsManagedSseEnabled]);

    [Fact]
    public void Creating_with_both_kinds_is_refused_without_events()
    {
        var queue = Missing("both");

        var decision = queue.Decide(queue.Create((R.SqsManagedSseEnabled, "true"), (R.KmsMasterKeyId, Key)), At(0));

        Assert.Equal(BothKinds, Expect.Rejection(ErrorCode.InvalidAttributeName, decision.Reply).Message);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Setting_both_kinds_is_refused_and_changes_nothing()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidAttributeName, queue.SetAttributes(At(1), (R.SqsManagedSseEnabled, "true"), (R.KmsMasterKeyId, Key)));
        Assert.Equal(Expected((R.SqsManagedSseEnabled, "true")), Encryption(queue));
    }

    [Fact]
    public void Setting_a_KMS_key_on_an_SSE_SQS_queue_switches_it_to_SSE_KMS()
    {
        var queue = Created();

        Expect.Reply<Done>(queue.SetAttributes(At(1), (R.KmsMasterKeyId, Key)));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "false"), (R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, "300")),
            Encryption(queue));
    }

    [Fact]
    public void Changing_the_key_keeps_the_reuse_period()
    {
        var queue = Created((R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, "600"));

        queue.SetAttributes(At(1), (R.KmsMasterKeyId, "alias/other"));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "false"), (R.KmsMasterKeyId, "alias/other"), (R.KmsDataKeyReusePeriodSeconds, "600")),
            Encryption(queue));
    }

    [Fact]
    public void Turning_SSE_SQS_on_drops_the_key_and_its_reuse_period()
    {
        var queue = Created((R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, "600"));

        Expect.Reply<Done>(queue.SetAttributes(At(1), (R.SqsManagedSseEnabled, "true")));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "true")), Encryption(queue));
    }

    [Fact]
    public void Removing_the_key_goes_back_to_SSE_SQS()
    {
        var queue = Created((R.KmsMasterKeyId, Key));

        Expect.Reply<Done>(queue.SetAttributes(At(1), (R.KmsMasterKeyId, "")));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "true")), Encryption(queue));
    }

    [Fact]
    public void Removing_the_key_with_SSE_SQS_off_leaves_the_queue_unencrypted()
    {
        var queue = Created((R.KmsMasterKeyId, Key));

        queue.SetAttributes(At(1), (R.KmsMasterKeyId, ""), (R.SqsManagedSseEnabled, "false"));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "false")), Encryption(queue));
    }

    [Fact]
    public void Turning_SSE_SQS_off_without_a_key_leaves_the_queue_unencrypted()
    {
        var queue = Created();

        queue.SetAttributes(At(1), (R.SqsManagedSseEnabled, "false"));

        Assert.Equal(Expected((R.SqsManagedSseEnabled, "false")), Encryption(queue));
    }

    [Theory]
    [InlineData("59")]
    [InlineData("86401")]
    [InlineData("")]
    [InlineData("5m")]
    public void A_reuse_period_outside_60_to_86400_seconds_is_InvalidAttributeValue(string value) =>
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Created().SetAttributes(At(1), (R.KmsMasterKeyId, Key), (R.KmsDataKeyReusePeriodSeconds, value)));

    [Fact]
    public void CreateQueue_again_with_the_same_key_is_idempotent_and_with_SSE_SQS_is_QueueNameExists()
    {
        var queue = Created((R.KmsMasterKeyId, Key));

        Expect.Reply<CreateQueueResult>(queue.Run(queue.Create((R.KmsMasterKeyId, Key)), At(1)));
        Expect.Rejection(ErrorCode.QueueNameExists, queue.Run(queue.Create((R.SqsManagedSseEnabled, "true")), At(1)));
    }

    [Fact]
    public void The_event_carries_the_implied_changes_so_a_replay_applies_no_rule()
    {
        var queue = Created();

        var decision = queue.Decide(new SetQueueAttributes(queue.QueueId, new Dictionary<string, string> { [R.KmsMasterKeyId] = Key }), At(1));

        var set = Assert.IsType<QueueAttributesSet>(Assert.Single(decision.Events));
        Assert.Equal(Expected((R.KmsMasterKeyId, Key), (R.SqsManagedSseEnabled, "false"), (R.KmsDataKeyReusePeriodSeconds, "300")),
            set.Attributes.ToDictionary());
    }
}
