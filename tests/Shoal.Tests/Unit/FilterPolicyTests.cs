using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// Subscription filter policies across scopes: AND across keys, OR across a key's values, the "$or"
/// operator, and which part of the message each scope reads. The operators have their own tables in
/// FilterPolicyAttributeTests and FilterPolicyBodyTests, the checks on the policy in FilterPolicyValidationTests.
/// </summary>
[Trait("Tier", "Unit")]
public class FilterPolicyTests
{
    [Theory]
    // AND logic (and-or-logic.html): every key must match.
    [InlineData("""{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}""",
        """{"customer_interests": {"Type": "String", "Value": "rugby"}, "price_usd": {"Type": "Number", "Value": "101"}}""", true)]
    [InlineData("""{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}""",
        """{"customer_interests": {"Type": "String", "Value": "rugby"}, "price_usd": {"Type": "Number", "Value": "100"}}""", false)]
    [InlineData("""{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}""",
        """{"customer_interests": {"Type": "String", "Value": "rugby"}}""", false)]
    // OR logic: any value of a key.
    [InlineData("""{"customer_interests": ["rugby", "football", "baseball"]}""", """{"customer_interests": {"Type": "String", "Value": "football"}}""", true)]
    [InlineData("""{"customer_interests": ["rugby", "football", "baseball"]}""", """{"customer_interests": {"Type": "String", "Value": "tennis"}}""", false)]
    [InlineData("""{"price": [{"numeric": ["<", 10]}, {"numeric": [">", 100]}, "free"]}""", """{"price": {"Type": "Number", "Value": "200"}}""", true)]
    [InlineData("""{"price": [{"numeric": ["<", 10]}, {"numeric": [">", 100]}, "free"]}""", """{"price": {"Type": "String", "Value": "free"}}""", true)]
    [InlineData("""{"price": [{"numeric": ["<", 10]}, {"numeric": [">", 100]}, "free"]}""", """{"price": {"Type": "Number", "Value": "50"}}""", false)]
    // Keys the policy does not name are ignored.
    [InlineData("""{"store": ["example_corp"]}""", """{"store": {"Type": "String", "Value": "example_corp"}, "event": {"Type": "String", "Value": "order_placed"}}""", true)]
    // The "$or" operator: "source" && ("metricName" || "namespace").
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}""",
        """{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "metricName": {"Type": "String", "Value": "CPUUtilization"}}""", true)]
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}""",
        """{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "namespace": {"Type": "String", "Value": "AWS/EC2"}}""", true)]
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}""",
        """{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "metricName": {"Type": "String", "Value": "ReadLatency"}}""", false)]
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}""",
        """{"metricName": {"Type": "String", "Value": "CPUUtilization"}}""", false)]
    // "$or" nested in an alternative: "source" && ("metricName" || ("metricType" && ("metricId" || "spaceId"))).
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"metricType": ["MetricType"], "$or": [{"metricId": [1234]}, {"spaceId": [1]}]}]}""",
        """{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "metricType": {"Type": "String", "Value": "MetricType"}, "spaceId": {"Type": "Number", "Value": "1"}}""", true)]
    [InlineData("""{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"metricType": ["MetricType"], "$or": [{"metricId": [1234]}, {"spaceId": [1]}]}]}""",
        """{"source": {"Type": "String", "Value": "aws.cloudwatch"}, "spaceId": {"Type": "Number", "Value": "1"}}""", false)]
    // An "$or" that is not the operator (fewer than two objects, reserved names) is a key named "$or".
    [InlineData("""{"$or": [{"prefix": "abc"}, {"exists": true}]}""", """{"$or": {"Type": "String", "Value": "abcdef"}}""", true)]
    [InlineData("""{"$or": [{"prefix": "abc"}, {"exists": true}]}""", """{"other": {"Type": "String", "Value": "abcdef"}}""", false)]
    public void Attribute_policy_ANDs_its_keys_and_ORs_each_keys_values(string policy, string attributes, bool matches) =>
        Assert.Equal(matches, Policy(policy, FilterPolicyScope.MessageAttributes).Matches(Attributes(attributes), "{}"));

    [Fact]
    public void Attribute_scope_reads_the_attributes_and_not_the_body()
    {
        var policy = Policy("""{"store": ["example_corp"]}""", FilterPolicyScope.MessageAttributes);
        Assert.False(policy.Matches(Attributes("{}"), """{"store": "example_corp"}"""));
        Assert.True(policy.Matches(Attributes("""{"store": {"Type": "String", "Value": "example_corp"}}"""), "not json"));
    }

    [Fact]
    public void Body_scope_reads_the_body_and_not_the_attributes()
    {
        var policy = Policy("""{"store": ["example_corp"]}""", FilterPolicyScope.MessageBody);
        Assert.True(policy.Matches(Attributes("{}"), """{"store": "example_corp"}"""));
        Assert.False(policy.Matches(Attributes("""{"store": {"Type": "String", "Value": "example_corp"}}"""), "{}"));
    }

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

    /// <summary>
    /// Attributes written as SNS shows them in a notification: {"name": {"Type": "String", "Value": "v"}};
    /// a numeric Value is taken as its text, a Binary one as base64.
    /// </summary>
    internal static Dictionary<string, MessageAttributeValue> Attributes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var attribute in document.RootElement.EnumerateObject())
        {
            var type = attribute.Value.GetProperty("Type").GetString()!;
            var value = attribute.Value.GetProperty("Value");
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            attributes[attribute.Name] = type.StartsWith("Binary", StringComparison.Ordinal)
                ? new MessageAttributeValue(type, BinaryValue: Convert.FromBase64String(text))
                : new MessageAttributeValue(type, StringValue: text);
        }
        return attributes;
    }

    internal static Rejection Rejected(string json, FilterPolicyScope scope, FilterPolicySource source)
    {
        var validation = FilterPolicyRules.Validate(json, scope, source);
        Assert.Null(validation.Policy);
        return Expect.Rejection(ErrorCode.InvalidParameter, validation.Rejection);
    }
}
