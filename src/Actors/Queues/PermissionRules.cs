using System.Text.Json;
using System.Text.Json.Nodes;
using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>
/// AddPermission and RemovePermission edit the queue's Policy document, one statement per
/// label, as SQS does. Shoal serves one local account, so the policy is kept and reported,
/// not enforced.
/// </summary>
public static class PermissionRules
{
    const int MaxLabelLength = 80;

    static readonly HashSet<string> Actions =
    [
        "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
        "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue", "ListQueueTags",
    ];

    public static (string? Policy, Rejection? Rejection) Add(
        string? policy, string queueArn, string label, IReadOnlyList<string> accounts, IReadOnlyList<string> actions)
    {
        if (label.Length is 0 or > MaxLabelLength || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return (null, Invalid("Label", label, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length."));
        if (accounts.Count == 0)
            return (null, new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter AWSAccountIds."));
        if (accounts.FirstOrDefault(a => a.Length != 12 || !a.All(char.IsAsciiDigit)) is { } badAccount)
            return (null, Invalid("AWSAccountIds", badAccount, "An AWS account id is 12 digits."));
        if (actions.Count == 0)
            return (null, new Rejection(ErrorCode.MissingParameter, "The request must contain the parameter Actions."));
        if (actions.FirstOrDefault(a => !Actions.Contains(a)) is { } badAction)
            return (null, Invalid("ActionName", badAction, "Unknown action."));

        var document = Parse(policy, queueArn);
        var statements = document["Statement"]!.AsArray();
        if (statements.Any(s => s?["Sid"]?.GetValue<string>() == label))
            return (null, Invalid("Label", label, "Already exists."));
        statements.Add(new JsonObject
        {
            ["Sid"] = label,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = new JsonArray(accounts.Select(a => (JsonNode)$"arn:aws:iam::{a}:root").ToArray()) },
            ["Action"] = new JsonArray(actions.Select(a => (JsonNode)$"SQS:{a}").ToArray()),
            ["Resource"] = queueArn,
        });
        return (document.ToJsonString(), null);
    }

    public static (string? Policy, Rejection? Rejection) Remove(string? policy, string queueArn, string label)
    {
        var document = Parse(policy, queueArn);
        var statements = document["Statement"]!.AsArray();
        var statement = statements.FirstOrDefault(s => s?["Sid"]?.GetValue<string>() == label);
        if (statement is null) return (null, Invalid("Label", label, "can't find label."));
        statements.Remove(statement);
        // The last statement gone, the queue has no policy at all (an empty value removes it).
        return (statements.Count == 0 ? "" : document.ToJsonString(), null);
    }

    static JsonObject Parse(string? policy, string queueArn)
    {
        if (!string.IsNullOrEmpty(policy) && JsonNode.Parse(policy) is JsonObject existing)
        {
            if (existing["Statement"] is not JsonArray)
                existing["Statement"] = existing["Statement"] is JsonObject single ? new JsonArray(single.DeepClone()) : new JsonArray();
            return existing;
        }
        return new JsonObject { ["Version"] = "2012-10-17", ["Id"] = $"{queueArn}/SQSDefaultPolicy", ["Statement"] = new JsonArray() };
    }

    static Rejection Invalid(string parameter, string value, string reason) =>
        new(ErrorCode.InvalidParameterValue, $"Value {value} for parameter {parameter} is invalid. Reason: {reason}");
}
