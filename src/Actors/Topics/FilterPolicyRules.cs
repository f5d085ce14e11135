using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Topics;

/// <summary>Where the policy came from: SNS words the rejection after the action and the parameter.</summary>
public enum FilterPolicySource
{
    /// <summary>SetSubscriptionAttributes with AttributeName=FilterPolicy: "Invalid parameter: FilterPolicy: ...".</summary>
    SetSubscriptionAttributes,

    /// <summary>Subscribe with the policy in Attributes: "Invalid parameter: Attributes Reason: FilterPolicy: ...".</summary>
    SubscribeAttributes,
}

/// <summary>A validated policy, or SNS's rejection of it (InvalidParameter); exactly one is set.</summary>
public readonly record struct FilterPolicyValidation(FilterPolicy? Policy, Rejection? Rejection);

/// <summary>
/// The rules for a subscription's FilterPolicy attribute, as SNS checks them: valid JSON, then the rule
/// compiler's syntax (with its message and the place in the text, as SNS quotes it), then the limits of
/// the filter policy constraints page: no nesting in MessageAttributes scope, at most five keys (every key
/// path counts, across all "$or" alternatives), at most 150 combinations of values. Combinations are
/// counted per alternative the "$or"s spell out and summed; within one, each key contributes its number
/// of values times how deep it is nested, multiplied together (3 values at top level and 4 two levels
/// deep: 3 × 4 × 2 = 24). An empty attribute value means "no policy" and is the caller's to handle.
/// </summary>
public static class FilterPolicyRules
{
    public const int MaxKeys = 5;
    public const int MaxCombinations = 150;
    public const int MaxBytes = 256 * 1024;

    public static FilterPolicyValidation Validate(
        string policyJson,
        FilterPolicyScope scope,
        FilterPolicySource source = FilterPolicySource.SetSubscriptionAttributes)
    {
        // SNS's wording for an oversized policy is not on record; this follows its other limit messages.
        if (Encoding.UTF8.GetByteCount(policyJson) > MaxBytes) return Reject(source, "FilterPolicy: Filter policy is too large");
        if (FilterPolicyJson.Compact(policyJson) is not { } compact) return Reject(source, "FilterPolicy: failed to parse JSON.");

        CompiledPolicy compiled;
        try
        {
            compiled = PolicyCompiler.Compile(compact);
        }
        catch (Exception e) when (e is PolicySyntaxException or PolicyArgumentException)
        {
            return Reject(source, $"FilterPolicy: {e.Message}");
        }

        if (scope == FilterPolicyScope.MessageAttributes && compiled.MaxDepth > 1)
            return Reject(source, "Filter policy scope MessageAttributes does not support nested filter policy");
        if (compiled.Keys.Count > MaxKeys)
            return Reject(source, $"FilterPolicy: Filter policy can not have more than {MaxKeys} keys");
        if (compiled.TooManyBranches || Combinations(compiled.Branches) > MaxCombinations)
            return Reject(source, "FilterPolicy: Filter policy is too complex");
        return new FilterPolicyValidation(new FilterPolicy(scope, compiled.Branches), null);
    }

    /// <summary>The sum over alternatives of the product of each key's values times its depth; stops counting past the limit.</summary>
    static long Combinations(IReadOnlyList<IReadOnlyDictionary<string, PolicyField>> branches)
    {
        long total = 0;
        foreach (var branch in branches)
        {
            long product = 1;
            foreach (var field in branch.Values)
            {
                product = Math.Min(product * field.Patterns.Count * field.Depth, MaxCombinations + 1);
            }
            total = Math.Min(total + product, MaxCombinations + 1);
        }
        return total;
    }

    static FilterPolicyValidation Reject(FilterPolicySource source, string reason)
    {
        var prefix = source == FilterPolicySource.SubscribeAttributes ? "Invalid parameter: Attributes Reason: " : "Invalid parameter: ";
        return new FilterPolicyValidation(null, new Rejection(ErrorCode.InvalidParameter, prefix + reason));
    }
}
