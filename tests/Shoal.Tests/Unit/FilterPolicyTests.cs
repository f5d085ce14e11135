using Shoal.Actors.Common;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>Subscription filter policies; the checks on the policy are in FilterPolicyValidationTests.</summary>
[Trait("Tier", "Unit")]
public class FilterPolicyTests
{
    [Fact]
    public void A_validated_policy_keeps_its_scope()
    {
        Assert.Equal(FilterPolicyScope.MessageBody, Policy("""{"a": ["b"]}""", FilterPolicyScope.MessageBody).Scope);
        Assert.Equal(FilterPolicyScope.MessageAttributes, Policy("""{"a": ["b"]}""", FilterPolicyScope.MessageAttributes).Scope);
    }

    /// <summary>The policy, failing the test with SNS's reason when it is rejected.</summary>
    internal static FilterPolicy Policy(string json, FilterPolicyScope scope)
    {
        var validation = FilterPolicyRules.Validate(json, scope);
        Assert.True(validation.Policy is not null, $"Expected the policy to be accepted, but: {validation.Rejection?.Message}");
        Assert.Null(validation.Rejection);
        return validation.Policy;
    }

    internal static Rejection Rejected(string json, FilterPolicyScope scope, FilterPolicySource source)
    {
        var validation = FilterPolicyRules.Validate(json, scope, source);
        Assert.Null(validation.Policy);
        return Expect.Rejection(ErrorCode.InvalidParameter, validation.Rejection);
    }
}
