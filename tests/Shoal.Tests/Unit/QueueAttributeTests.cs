using System.Globalization;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class QueueAttributeTests
{
    /// <summary>Every settable numeric attribute with its documented range (aws-limits.md §5.1).</summary>
    public static TheoryData<string, long, long> Ranges => new()
    {
        { R.DelaySeconds, 0, 900 },
        { R.MaximumMessageSize, 1_024, 1_048_576 },
        { R.MessageRetentionPeriod, 60, 1_209_600 },
        { R.ReceiveMessageWaitTimeSeconds, 0, 20 },
        { R.VisibilityTimeout, 0, 43_200 },
        { R.KmsDataKeyReusePeriodSeconds, 60, 86_400 },
    };

    public static TheoryData<string> ReadOnlyNames => new(R.ReadOnly);

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    static object CreateWith(params (string Name, string Value)[] attributes)
    {
        var queue = Missing("fresh");
        return queue.Run(queue.Create(attributes), At(0));
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void SetQueueAttributes_accepts_both_ends_of_each_range_and_reports_the_value_back(string name, long min, long max)
    {
        var queue = Created();

        foreach (var value in new[] { min, max })
        {
            Expect.Reply<Done>(queue.SetAttributes(At(1), (name, Text(value))));
            Assert.Equal(Text(value), queue.Attributes(At(1), name)[name]);
        }
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void SetQueueAttributes_just_outside_each_range_is_InvalidAttributeValue(string name, long min, long max)
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidAttributeValue, queue.SetAttributes(At(1), (name, Text(min - 1))));
        Expect.Rejection(ErrorCode.InvalidAttributeValue, queue.SetAttributes(At(1), (name, Text(max + 1))));
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void CreateQueue_just_outside_each_range_is_InvalidAttributeValue(string name, long min, long max)
    {
        Expect.Rejection(ErrorCode.InvalidAttributeValue, CreateWith((name, Text(min - 1))));
        Expect.Rejection(ErrorCode.InvalidAttributeValue, CreateWith((name, Text(max + 1))));
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("30.5")]
    public void Numeric_attribute_that_is_not_a_plain_integer_is_InvalidAttributeValue(string value) =>
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Created().SetAttributes(At(1), (R.VisibilityTimeout, value)));

    [Theory]
    [InlineData(R.SqsManagedSseEnabled, "yes")]
    [InlineData(R.Policy, "not json")]
    [InlineData(R.Policy, "[]")]
    public void Malformed_policy_or_flag_is_InvalidAttributeValue(string name, string value) =>
        Expect.Rejection(ErrorCode.InvalidAttributeValue, Created().SetAttributes(At(1), (name, value)));

    [Fact]
    public void Well_formed_redrive_policy_is_accepted() =>
        Expect.Reply<Done>(Created().SetAttributes(At(1),
            (R.RedrivePolicy, """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"5"}""")));

    [Fact]
    public void Unknown_attribute_is_InvalidAttributeName()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidAttributeName, queue.SetAttributes(At(1), ("Colour", "blue")));
        Expect.Rejection(ErrorCode.InvalidAttributeName, queue.Run(new GetQueueAttributes(queue.QueueId, ["Colour"]), At(1)));
        Expect.Rejection(ErrorCode.InvalidAttributeName, CreateWith(("Colour", "blue")));
    }

    [Theory]
    [MemberData(nameof(ReadOnlyNames))]
    public void SetQueueAttributes_on_a_read_only_attribute_is_InvalidAttributeName(string name) =>
        Expect.Rejection(ErrorCode.InvalidAttributeName, Created().SetAttributes(At(1), (name, "1")));

    [Fact]
    public void New_queue_reports_the_documented_defaults()
    {
        var attributes = Created().Attributes(At(0), "All");

        Assert.Equal("0", attributes[R.DelaySeconds]);
        Assert.Equal("1048576", attributes[R.MaximumMessageSize]);
        Assert.Equal("345600", attributes[R.MessageRetentionPeriod]);
        Assert.Equal("0", attributes[R.ReceiveMessageWaitTimeSeconds]);
        Assert.Equal("30", attributes[R.VisibilityTimeout]);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders", attributes[R.QueueArn]);
    }

    [Fact]
    public void GetQueueAttributes_returns_only_the_names_asked_for()
    {
        var attributes = Created().Attributes(At(0), R.VisibilityTimeout);

        Assert.Equal([R.VisibilityTimeout], attributes.Keys);
    }

    [Theory]
    [InlineData("q")]
    [InlineData("My-Queue_01")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_abcdefghijklmnop")]
    public void Queue_name_of_1_to_80_letters_digits_hyphens_and_underscores_is_accepted(string name) =>
        Assert.Null(R.ValidateName(name));

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_abcdefghijklmnopq")]
    [InlineData("my queue")]
    [InlineData("my.queue")]
    [InlineData("queue/1")]
    [InlineData("café")]
    public void Queue_name_too_long_or_with_other_characters_is_InvalidParameterValue(string name) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, R.ValidateName(name));

    [Fact]
    public void CreateQueue_with_an_invalid_name_is_rejected_without_events()
    {
        var queue = Missing("my queue");

        var decision = queue.Decide(queue.Create(), At(0));

        Expect.Rejection(ErrorCode.InvalidParameterValue, decision.Reply);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void CreateQueue_without_a_name_is_MissingParameter() =>
        Expect.Rejection(ErrorCode.MissingParameter, R.ValidateName(""));
}
