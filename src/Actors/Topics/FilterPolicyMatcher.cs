using System.Text.Json;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>
/// Matches messages against a compiled policy: a message matches when every key of some branch matches,
/// and a key matches when any of its values does, or when it is absent and the key allows
/// {"exists": false}.
/// </summary>
internal static class FilterPolicyMatcher
{
    static readonly List<FilterValue> Absent = [];

    const int MaxBodyDepth = 1000;

    /// <summary>
    /// Message attributes: String (and String.*) values are strings, Number (and Number.*) values numbers,
    /// a String.Array is a JSON array whose elements each count; Binary attributes are ignored. A message
    /// without attributes matches no policy, not even {"exists": false}.
    /// </summary>
    public static bool MatchesAttributes(IReadOnlyList<PolicyBranch> branches, IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        var values = new Dictionary<string, List<FilterValue>>(StringComparer.Ordinal);
        foreach (var (name, attribute) in attributes)
        {
            if (ValuesOf(attribute) is { } found) values[name] = found;
        }
        if (values.Count == 0) return false;
        return branches.Any(branch => Enumerable.Range(0, branch.Paths.Length)
            .All(key => KeyMatches(branch, key, values.GetValueOrDefault(branch.Paths[key], Absent))));
    }

    static bool KeyMatches(PolicyBranch branch, int key, List<FilterValue> values) =>
        (branch.AllowsAbsence[key] && !values.Any(IsPresent)) || values.Any(value => branch.Matches(key, value));

    static List<FilterValue>? ValuesOf(MessageAttributeValue attribute)
    {
        if (attribute.IsBinary) return null;
        var text = attribute.StringValue ?? "";
        if (attribute.DataType is "String.Array" or "Number.Array") return ArrayElements(text);
        return [attribute.DataType.StartsWith("Number", StringComparison.Ordinal) ? FilterValue.Number(text) : FilterValue.String(text)];
    }

    static List<FilterValue> ArrayElements(string json)
    {
        var elements = new List<FilterValue>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array) Collect(document.RootElement, elements);
        }
        catch (JsonException)
        {
            // Not an array: nothing to match, as if it were empty.
        }
        return elements;

        static void Collect(JsonElement array, List<FilterValue> into)
        {
            foreach (var element in array.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Array) Collect(element, into);
                else if (ValueOf(element) is { } value) into.Add(value);
            }
        }
    }

    /// <summary>
    /// The message body as a JSON object: a key is a path of nested property names joined with dots (a
    /// property whose name holds a dot counts the same), and array elements each count. Keys matched
    /// inside the same array must come from the same element of it. Any other body matches nothing.
    /// </summary>
    public static bool MatchesBody(IReadOnlyList<PolicyBranch> branches, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxBodyDepth });
        }
        catch (JsonException)
        {
            return false;
        }
        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                && branches.Any(branch => new BodyWalk(branch).Matches(document.RootElement));
        }
    }

    static bool IsPresent(FilterValue value) => value.Kind != FilterValueKind.Null;

    static FilterValue? ValueOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => FilterValue.String(element.GetString()!),
        JsonValueKind.Number => FilterValue.Number(element.GetRawText()),
        JsonValueKind.True => FilterValue.True,
        JsonValueKind.False => FilterValue.False,
        JsonValueKind.Null => FilterValue.Null,
        _ => null,
    };

    /// <summary>
    /// One branch against a body. Walking the tree, each node yields the sets of keys that leaves under it
    /// can match together (as a bit set of key sets): an object joins its properties' sets, an array
    /// takes one element's, so keys under an array always come from one element. With at most five keys
    /// there are at most 32 key sets, one bit each of a uint.
    /// </summary>
    sealed class BodyWalk(PolicyBranch branch)
    {
        readonly string[] paths = branch.Paths;
        int present;

        public bool Matches(JsonElement root)
        {
            var sets = KeySets(root, "");
            var required = 0;
            for (var key = 0; key < paths.Length; key++)
            {
                var absentAndAllowed = (present & (1 << key)) == 0 && branch.AllowsAbsence[key];
                if (!absentAndAllowed) required |= 1 << key;
            }
            return (sets & (1u << required)) != 0;
        }

        uint KeySets(JsonElement node, string path)
        {
            const uint nothing = 1u; // only the empty set
            switch (node.ValueKind)
            {
                case JsonValueKind.Object:
                    var joined = nothing;
                    foreach (var property in node.EnumerateObject())
                    {
                        var inner = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                        if (Leads(inner)) joined = Join(joined, KeySets(property.Value, inner));
                    }
                    return joined;
                case JsonValueKind.Array:
                    var any = nothing;
                    foreach (var element in node.EnumerateArray()) any |= KeySets(element, path);
                    return any;
                default:
                    var key = Array.IndexOf(paths, path);
                    if (key < 0 || ValueOf(node) is not { } value) return nothing;
                    if (IsPresent(value)) present |= 1 << key;
                    return branch.Matches(key, value) ? nothing | (1u << (1 << key)) : nothing;
            }
        }

        /// <summary>Whether a key of the branch is this path or lies under it.</summary>
        bool Leads(string path) => paths.Any(key =>
            key.StartsWith(path, StringComparison.Ordinal) && (key.Length == path.Length || key[path.Length] == '.'));

        /// <summary>Every union of a set from each side.</summary>
        static uint Join(uint left, uint right)
        {
            var joined = 0u;
            for (var a = 0; a < 32; a++)
            {
                if ((left & (1u << a)) == 0) continue;
                for (var b = 0; b < 32; b++)
                {
                    if ((right & (1u << b)) != 0) joined |= 1u << (a | b);
                }
            }
            return joined;
        }
    }
}

/// <summary>One alternative of a policy ready to match: its key paths and what each key accepts, in step.</summary>
internal sealed class PolicyBranch
{
    readonly IReadOnlyList<FilterPattern>[] patterns;

    public PolicyBranch(IReadOnlyDictionary<string, PolicyField> keys)
    {
        if (keys.Count > FilterPolicyRules.MaxKeys) throw new ArgumentException("More keys than a valid policy has.", nameof(keys));
        Paths = [.. keys.Keys];
        patterns = [.. keys.Values.Select(field => field.Patterns)];
        AllowsAbsence = [.. patterns.Select(values => values.Any(pattern => pattern is ExistsPattern { Present: false }))];
    }

    public string[] Paths { get; }

    /// <summary>Whether the key matches when it is missing: one of its values is {"exists": false}.</summary>
    public bool[] AllowsAbsence { get; }

    public bool Matches(int key, FilterValue value) => patterns[key].Any(pattern => pattern.Matches(value));
}
