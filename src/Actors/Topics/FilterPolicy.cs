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
    internal FilterPolicy(FilterPolicyScope scope, IReadOnlyList<IReadOnlyDictionary<string, PolicyField>> branches)
    {
        Scope = scope;
        Branches = branches;
    }

    public FilterPolicyScope Scope { get; }

    internal IReadOnlyList<IReadOnlyDictionary<string, PolicyField>> Branches { get; }
}
