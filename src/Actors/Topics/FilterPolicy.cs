using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>What a subscription's filter policy is matched against (its FilterPolicyScope attribute).</summary>
public enum FilterPolicyScope { MessageAttributes, MessageBody }

/// <summary>
/// A subscription filter policy that <see cref="FilterPolicyRules.Validate"/> accepted: decides whether a
/// published message is delivered to the subscription. Immutable and pure, so one instance serves every
/// publish; keep the policy's JSON as the subscription's state and validate it again to get one back.
/// </summary>
public sealed class FilterPolicy
{
    readonly PolicyBranch[] branches;

    internal FilterPolicy(FilterPolicyScope scope, IEnumerable<IReadOnlyDictionary<string, PolicyField>> branches)
    {
        Scope = scope;
        this.branches = [.. branches.Select(branch => new PolicyBranch(branch))];
    }

    public FilterPolicyScope Scope { get; }

    /// <summary>Whether the message goes to the subscription: its attributes or its body, as the scope says.</summary>
    public bool Matches(IReadOnlyDictionary<string, MessageAttributeValue> attributes, string body) => Scope switch
    {
        FilterPolicyScope.MessageAttributes => FilterPolicyMatcher.MatchesAttributes(branches, attributes),
        _ => FilterPolicyMatcher.MatchesBody(branches, body),
    };
}
