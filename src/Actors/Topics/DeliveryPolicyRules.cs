using System.Globalization;
using System.Text.Json;
using Shoal.Actors.Common;

namespace Shoal.Actors.Topics;

/// <summary>A validated delivery policy, or SNS's rejection of it (InvalidParameter); exactly one is set.</summary>
public readonly record struct DeliveryPolicyValidation(DeliveryPolicy? Policy, Rejection? Rejection);

/// <summary>
/// The rules for the DeliveryPolicy attribute of a topic ({"http": {"defaultHealthyRetryPolicy": ...,
/// "disableSubscriptionOverrides": ..., "defaultThrottlePolicy": ..., "defaultRequestPolicy": ...}}) and of
/// an HTTP/S subscription ({"healthyRetryPolicy": ..., "throttlePolicy": ..., "requestPolicy": ...}), with the
/// limits of "Creating an HTTP/S delivery policy". Reasons name the field by its path, as SNS's do
/// ("http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100"). A retry policy must give
/// minDelayTarget, maxDelayTarget and numRetries; the phase counts default to 0 and the backoff to linear.
/// Values are read as SNS's Java binds them: a number with a fraction is cut to an integer, and a number
/// or a boolean may come as a string ("20", "true"). An empty attribute value means "no policy" and is the caller's to handle.
/// </summary>
public static class DeliveryPolicyRules
{
    public const int MinDelaySeconds = 1;
    public const int MaxDelaySeconds = 3600;
    public const int MaxRetries = 100;

    /// <summary>"The total policy retry time for an HTTP/S endpoint cannot be greater than 3,600 seconds."</summary>
    public const int MaxTotalRetrySeconds = 3600;

    /// <summary>The Content-Type values a requestPolicy may ask for.</summary>
    public static IReadOnlyList<string> HeaderContentTypes { get; } =
    [
        "text/plain", "text/plain; charset=UTF-8",
        "application/json", "application/json; charset=UTF-8",
        "application/xml", "application/xml; charset=UTF-8",
    ];

    /// <summary>
    /// The policy, or the rejection worded as SetTopicAttributes and SetSubscriptionAttributes word it;
    /// <paramref name="inAttributesMap"/> for CreateTopic and Subscribe, where SNS puts "Attributes Reason: " first.
    /// </summary>
    public static DeliveryPolicyValidation Validate(string policyJson, bool forTopic, bool inAttributesMap = false)
    {
        try
        {
            using var document = Parse(policyJson);
            var policy = forTopic ? ReadTopicPolicy(document.RootElement) : ReadSubscriptionPolicy(document.RootElement);
            return new DeliveryPolicyValidation(policy, null);
        }
        catch (PolicyRejected rejected)
        {
            var prefix = inAttributesMap ? "Invalid parameter: Attributes Reason: DeliveryPolicy: " : "Invalid parameter: DeliveryPolicy: ";
            return new DeliveryPolicyValidation(null, new Rejection(ErrorCode.InvalidParameter, prefix + rejected.Message));
        }
    }

    static JsonDocument Parse(string json)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        // SNS's wording for its other JSON attributes (FilterPolicy, RedrivePolicy).
        throw new PolicyRejected("failed to parse JSON.");
    }

    static DeliveryPolicy ReadTopicPolicy(JsonElement root)
    {
        if (Part(Members(root, "http"), "http", "") is not { } http) return new DeliveryPolicy(null, null, null);
        var defaults = Members(http, "defaultHealthyRetryPolicy", "defaultSicklyRetryPolicy", "defaultThrottlePolicy", "defaultRequestPolicy", "disableSubscriptionOverrides");
        var policy = ReadParts(defaults, "http.", "defaultHealthyRetryPolicy", "defaultSicklyRetryPolicy", "defaultThrottlePolicy", "defaultRequestPolicy");
        return policy with { DisableSubscriptionOverrides = Boolean(defaults, "disableSubscriptionOverrides", "http.") ?? false };
    }

    static DeliveryPolicy ReadSubscriptionPolicy(JsonElement root)
    {
        // "guaranteed" and "sicklyRetryPolicy" are in the policies SNS hands back; they are read and not used.
        var members = Members(root, "healthyRetryPolicy", "sicklyRetryPolicy", "throttlePolicy", "requestPolicy", "guaranteed");
        Boolean(members, "guaranteed", "");
        return ReadParts(members, "", "healthyRetryPolicy", "sicklyRetryPolicy", "throttlePolicy", "requestPolicy");
    }

    static DeliveryPolicy ReadParts(Dictionary<string, JsonElement> members, string path, string retry, string sicklyRetry, string throttle, string request)
    {
        var healthy = Part(members, retry, path) is { } retryPolicy ? ReadRetryPolicy(retryPolicy, path + retry + ".") : null;
        if (Part(members, sicklyRetry, path) is { } sickly) ReadRetryPolicy(sickly, path + sicklyRetry + ".");
        var maxReceives = Part(members, throttle, path) is { } throttlePolicy ? ReadThrottlePolicy(throttlePolicy, path + throttle + ".") : null;
        var contentType = Part(members, request, path) is { } requestPolicy ? ReadRequestPolicy(requestPolicy, path + request + ".") : null;
        return new DeliveryPolicy(healthy, maxReceives, contentType);
    }

    static RetryPolicy ReadRetryPolicy(JsonElement element, string path)
    {
        var members = Members(element, "minDelayTarget", "maxDelayTarget", "numRetries", "numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries", "backoffFunction");
        var minDelay = Integer(members, "minDelayTarget", path) ?? throw Specify(path, "minDelayTarget");
        var maxDelay = Integer(members, "maxDelayTarget", path) ?? throw Specify(path, "maxDelayTarget");
        var retries = Integer(members, "numRetries", path) ?? throw Specify(path, "numRetries");
        var noDelay = Integer(members, "numNoDelayRetries", path) ?? 0;
        var atMinDelay = Integer(members, "numMinDelayRetries", path) ?? 0;
        var atMaxDelay = Integer(members, "numMaxDelayRetries", path) ?? 0;
        var backoff = Backoff(members, path);

        if (minDelay < MinDelaySeconds) throw AtLeast(path, "minDelayTarget", MinDelaySeconds);
        if (maxDelay > MaxDelaySeconds) throw AtMost(path, "maxDelayTarget", MaxDelaySeconds);
        if (maxDelay < minDelay) throw new PolicyRejected($"{path}maxDelayTarget must be greater than or equal to minDelayTarget");
        if (retries < 0) throw AtLeast(path, "numRetries", 0);
        if (retries > MaxRetries) throw AtMost(path, "numRetries", MaxRetries);
        if (noDelay < 0) throw AtLeast(path, "numNoDelayRetries", 0);
        if (atMinDelay < 0) throw AtLeast(path, "numMinDelayRetries", 0);
        if (atMaxDelay < 0) throw AtLeast(path, "numMaxDelayRetries", 0);
        if ((long)noDelay + atMinDelay + atMaxDelay > retries)
            throw new PolicyRejected($"{path}numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and numMaxDelayRetries");

        var policy = new RetryPolicy(minDelay, maxDelay, retries, noDelay, atMinDelay, atMaxDelay, backoff);
        if (RetrySchedule.TotalRetryTime(policy) > TimeSpan.FromSeconds(MaxTotalRetrySeconds))
            throw new PolicyRejected($"{path[..^1]}: total retry time must be less than or equal to {MaxTotalRetrySeconds} seconds");
        return policy;
    }

    static int? ReadThrottlePolicy(JsonElement element, string path)
    {
        var maxReceives = Integer(Members(element, "maxReceivesPerSecond"), "maxReceivesPerSecond", path);
        if (maxReceives < 1) throw AtLeast(path, "maxReceivesPerSecond", 1);
        return maxReceives;
    }

    static string? ReadRequestPolicy(JsonElement element, string path)
    {
        var value = Members(element, "headerContentType").GetValueOrDefault("headerContentType");
        if (Absent(value)) return null;
        // Media types and charset names are case-insensitive; the policy keeps the spelling it was given.
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } contentType
            && HeaderContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            return contentType;
        throw new PolicyRejected($"{path}headerContentType must be one of: {string.Join(", ", HeaderContentTypes)}");
    }

    static BackoffFunction Backoff(Dictionary<string, JsonElement> members, string path)
    {
        var value = members.GetValueOrDefault("backoffFunction");
        if (Absent(value)) return BackoffFunction.Linear;
        // Enum.TryParse would also take "1" or "Linear, Geometric".
        return value.ValueKind == JsonValueKind.String ? value.GetString()!.ToLowerInvariant() switch
        {
            "linear" => BackoffFunction.Linear,
            "arithmetic" => BackoffFunction.Arithmetic,
            "geometric" => BackoffFunction.Geometric,
            "exponential" => BackoffFunction.Exponential,
            _ => throw InvalidBackoff(path),
        } : throw InvalidBackoff(path);
    }

    /// <summary>The object's members, the last of a repeated name winning; any name not listed is rejected.</summary>
    static Dictionary<string, JsonElement> Members(JsonElement element, params string[] allowed)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!allowed.Contains(member.Name, StringComparer.Ordinal)) throw new PolicyRejected($"Unexpected JSON member: {member.Name}");
            members[member.Name] = member.Value;
        }
        return members;
    }

    /// <summary>A member left out, or given as JSON null: both leave the field to its default.</summary>
    static bool Absent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>A nested policy object; null when absent.</summary>
    static JsonElement? Part(Dictionary<string, JsonElement> members, string name, string path) =>
        members.GetValueOrDefault(name) switch
        {
            { ValueKind: JsonValueKind.Object } part => part,
            { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
            _ => throw new PolicyRejected($"{path}{name} must be a JSON object"),
        };

    static int? Integer(Dictionary<string, JsonElement> members, string name, string path)
    {
        var value = members.GetValueOrDefault(name);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var integer):
                return integer;
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                // Java binds 20.7 to an int as 20; a value beyond an int is out of every range here anyway.
                return (int)Math.Clamp(Math.Truncate(number), int.MinValue, int.MaxValue);
            case JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw new PolicyRejected($"{path}{name} must be an integer");
        }
    }

    static bool? Boolean(Dictionary<string, JsonElement> members, string name, string path)
    {
        var value = members.GetValueOrDefault(name);
        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw new PolicyRejected($"{path}{name} must be a boolean"),
        };
    }

    static PolicyRejected Specify(string path, string name) => new($"{path}{name} must be specified");

    static PolicyRejected AtLeast(string path, string name, int bound) => new($"{path}{name} must be greater than or equal to {bound}");

    static PolicyRejected AtMost(string path, string name, int bound) => new($"{path}{name} must be less than or equal to {bound}");

    static PolicyRejected InvalidBackoff(string path) => new($"{path}backoffFunction must be one of linear, arithmetic, geometric or exponential");

    /// <summary>The reason after "DeliveryPolicy: ", found while reading; caught in <see cref="Validate"/>.</summary>
    sealed class PolicyRejected(string reason) : Exception(reason);
}
