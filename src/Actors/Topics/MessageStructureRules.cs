using System.Text.Json;
using Shoal.Actors.Common;

namespace Shoal.Actors.Topics;

/// <summary>A Publish message split by protocol, or SNS's rejection of it (InvalidParameter); exactly one is set.</summary>
public readonly record struct MessageStructureValidation(IReadOnlyDictionary<string, string>? Messages, Rejection? Rejection);

/// <summary>
/// Publish with MessageStructure=json: the Message is a JSON object of one text per protocol ("sqs",
/// "http", ...) and a "default" for the rest. As AWS answers (LocalStack's recordings): the text must
/// parse as JSON, "default" must be there and be a string ({"default": {...}} has no default entry), and a
/// repeated key is accepted, its last value winning. An entry whose value is not a string is not a text
/// for its protocol, which then gets the default.
/// </summary>
public static class MessageStructureRules
{
    public const string Default = "default";

    public static MessageStructureValidation Validate(string message)
    {
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return Reject("JSON message body failed to parse");
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String) messages[entry.Name] = entry.Value.GetString()!;
                else messages.Remove(entry.Name);
            }
        }
        catch (JsonException)
        {
            return Reject("JSON message body failed to parse");
        }
        return messages.ContainsKey(Default) ? new MessageStructureValidation(messages, null) : Reject("No default entry in JSON message body");
    }

    /// <summary>The text a subscription of <paramref name="protocol"/> receives: its protocol's entry, else the default.</summary>
    public static string MessageFor(IReadOnlyDictionary<string, string> messages, string protocol) =>
        messages.TryGetValue(protocol, out var text) ? text : messages[Default];

    /// <summary>What a subscription of <paramref name="protocol"/> receives of a published message, split by protocol or not.</summary>
    public static string MessageFor(string message, string? structure, string protocol) =>
        structure == "json" && Validate(message).Messages is { } messages ? MessageFor(messages, protocol) : message;

    static MessageStructureValidation Reject(string reason) =>
        new(null, new Rejection(ErrorCode.InvalidParameter, $"Invalid parameter: Message Structure - {reason}"));
}
