using System.Text.Json.Nodes;
using Shoal.Actors.Common;

namespace Shoal.Actors.Topics;

/// <summary>AddPermission and RemovePermission edit the topic's Policy, one statement per label. Kept, not enforced (one local account).</summary>
public static class TopicPermissionRules
{
    static readonly HashSet<string> Actions =
    [
        "*", "Publish", "Subscribe", "Receive", "DeleteTopic", "GetTopicAttributes", "SetTopicAttributes", "ListSubscriptionsByTopic",
        "AddPermission", "RemovePermission", "ListTopics", "ListSubscriptions", "Unsubscribe", "ConfirmSubscription",
    ];

    public static (string? Policy, Rejection? Rejection) Add(string policy, string topicArn, string label, IReadOnlyList<string> accounts, IReadOnlyList<string> actions)
    {
        if (label.Length == 0 || label.Length > 80 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return (null, Invalid("Label"));
        if (accounts.Count == 0) return (null, Invalid("AWSAccountId"));
        if (actions.Count == 0 || actions.Any(a => !Actions.Contains(a))) return (null, Invalid("ActionName"));
        var document = JsonNode.Parse(policy) as JsonObject ?? new JsonObject();
        if (document["Statement"] is not JsonArray statements) document["Statement"] = statements = new JsonArray();
        if (statements.Any(s => s?["Sid"]?.GetValue<string>() == label))
            return (null, new Rejection(ErrorCode.InvalidParameter, "Invalid parameter: Statement already exists"));
        statements.Add(new JsonObject
        {
            ["Sid"] = label,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = new JsonArray(accounts.Select(a => (JsonNode)$"arn:aws:iam::{a}:root").ToArray()) },
            ["Action"] = new JsonArray(actions.Select(a => (JsonNode)$"SNS:{a}").ToArray()),
            ["Resource"] = topicArn,
        });
        return (document.ToJsonString(), null);
    }

    public static (string? Policy, Rejection? Rejection) Remove(string policy, string label)
    {
        var document = JsonNode.Parse(policy) as JsonObject ?? new JsonObject();
        if (document["Statement"] is JsonArray statements && statements.FirstOrDefault(s => s?["Sid"]?.GetValue<string>() == label) is { } statement)
        {
            statements.Remove(statement);
            return (document.ToJsonString(), null);
        }
        return (policy, null);
    }

    static Rejection Invalid(string parameter) => new(ErrorCode.InvalidParameter, $"Invalid parameter: {parameter}");
}
