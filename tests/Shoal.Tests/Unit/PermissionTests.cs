using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public sealed class PermissionTests
{
    static JsonElement Statements(TestQueue queue)
    {
        var attributes = Expect.Reply<QueueAttributesResult>(queue.Run(new GetQueueAttributes(queue.QueueId, ["Policy"]), At(1))).Attributes;
        return JsonDocument.Parse(attributes["Policy"]).RootElement.GetProperty("Statement");
    }

    [Fact]
    public void AddPermission_adds_a_statement_named_by_its_label_to_the_queue_policy()
    {
        var queue = Created();
        Expect.Reply<Done>(queue.Run(new AddPermission(queue.QueueId, "producers", ["111122223333"], ["SendMessage", "GetQueueUrl"]), At(1)));

        var statement = Assert.Single(Statements(queue).EnumerateArray());
        Assert.Equal("producers", statement.GetProperty("Sid").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("arn:aws:iam::111122223333:root", statement.GetProperty("Principal").GetProperty("AWS")[0].GetString());
        Assert.Equal(["SQS:SendMessage", "SQS:GetQueueUrl"], statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(QueueAttributeRules.Arn(queue.Name), statement.GetProperty("Resource").GetString());
    }

    [Fact]
    public void A_second_label_adds_a_second_statement_and_a_repeated_label_is_InvalidParameterValue()
    {
        var queue = Created();
        queue.Run(new AddPermission(queue.QueueId, "a", ["111122223333"], ["*"]), At(1));
        Expect.Reply<Done>(queue.Run(new AddPermission(queue.QueueId, "b", ["111122223333"], ["ReceiveMessage"]), At(2)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.Run(new AddPermission(queue.QueueId, "a", ["111122223333"], ["*"]), At(3)));
        Assert.Equal(2, Statements(queue).GetArrayLength());
    }

    [Theory]
    [InlineData("bad label", "111122223333", "SendMessage")]
    [InlineData("ok", "12345", "SendMessage")]
    [InlineData("ok", "111122223333", "Fly")]
    public void AddPermission_with_a_bad_label_account_or_action_is_InvalidParameterValue(string label, string account, string action)
    {
        var queue = Created();
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.Run(new AddPermission(queue.QueueId, label, [account], [action]), At(1)));
    }

    [Fact]
    public void RemovePermission_removes_the_statement_and_the_last_one_removes_the_policy()
    {
        var queue = Created();
        queue.Run(new AddPermission(queue.QueueId, "a", ["111122223333"], ["*"]), At(1));
        queue.Run(new AddPermission(queue.QueueId, "b", ["111122223333"], ["*"]), At(1));
        Expect.Reply<Done>(queue.Run(new RemovePermission(queue.QueueId, "a"), At(2)));
        Assert.Equal("b", Assert.Single(Statements(queue).EnumerateArray()).GetProperty("Sid").GetString());

        Expect.Reply<Done>(queue.Run(new RemovePermission(queue.QueueId, "b"), At(3)));
        var attributes = Expect.Reply<QueueAttributesResult>(queue.Run(new GetQueueAttributes(queue.QueueId, ["All"]), At(4))).Attributes;
        Assert.False(attributes.ContainsKey("Policy"));
    }

    [Fact]
    public void RemovePermission_of_an_unknown_label_is_InvalidParameterValue()
    {
        var queue = Created();
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.Run(new RemovePermission(queue.QueueId, "nobody"), At(1)));
    }
}
