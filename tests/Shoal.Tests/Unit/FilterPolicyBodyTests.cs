using Shoal.Actors.Topics;
using static Shoal.Tests.Unit.FilterPolicyTests;

namespace Shoal.Tests.Unit;

/// <summary>
/// Filter policies in MessageBody scope ("payload-based filtering"): the body is a JSON object, policy keys
/// nest like its properties, arrays match when an element does. The cases marked "recorded" are messages
/// Amazon SNS delivered or held back (LocalStack's AWS-validated tests).
/// </summary>
[Trait("Tier", "Unit")]
public class FilterPolicyBodyTests
{
    static bool Matches(string policy, string body) =>
        Policy(policy, FilterPolicyScope.MessageBody).Matches(Attributes("{}"), body);

    [Theory]
    [InlineData("""{"customer_interests": "rugby"}""", true)]
    [InlineData("""{"customer_interests": "tennis"}""", true)]
    [InlineData("""{"customer_interests": ["soccer", "rugby", "hockey"]}""", true)]
    [InlineData("""{"customer_interests": "baseball"}""", false)]
    [InlineData("""{"customer_interests": ["baseball"]}""", false)]
    [InlineData("""{"customer_interests": []}""", false)]
    [InlineData("""{"customer_interests": {"rugby": true}}""", false)]
    [InlineData("""{"other": "rugby"}""", false)]
    [InlineData("{}", false)]
    public void Exact_string_matches_a_property_or_an_element_of_an_array_property(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": ["rugby", "tennis"]}""", body));

    [Theory]
    [InlineData("Regular string message")]
    [InlineData("\"Regular string message\"")]
    [InlineData("""["rugby"]""")]
    [InlineData("42")]
    [InlineData("""{"customer_interests": "rugby" """)]
    [InlineData("")]
    public void Body_that_is_not_a_JSON_object_matches_nothing(string body) =>
        // Recorded: neither a plain string nor a JSON-encoded string was delivered.
        Assert.False(Matches("""{"customer_interests": ["rugby"]}""", body));

    [Theory]
    [InlineData("""{"price_usd": 301.5}""", true)]
    [InlineData("""{"price_usd": 3.015e2}""", true)]
    [InlineData("""{"price_usd": [210.75, 301.5]}""", true)]
    [InlineData("""{"price_usd": "301.5"}""", false)]
    [InlineData("""{"price_usd": 301}""", false)]
    public void Exact_number_matches_an_equal_number_but_not_its_string(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"price_usd": [301.5]}""", body));

    [Theory]
    [InlineData("""{"price_usd": 301.5}""", """{"price_usd": [{"numeric": ["=", 301.5]}]}""", true)]
    [InlineData("""{"price_usd": 3.015e2}""", """{"price_usd": [{"numeric": ["=", 301.5]}]}""", true)]
    [InlineData("""{"price_usd": -3}""", """{"price_usd": [{"numeric": ["<", 0]}]}""", true)]
    [InlineData("""{"price_usd": 0}""", """{"price_usd": [{"numeric": ["<", 0]}]}""", false)]
    [InlineData("""{"price_usd": 150}""", """{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", true)]
    [InlineData("""{"price_usd": 210.75}""", """{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", false)]
    [InlineData("""{"price_usd": [500, 20]}""", """{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", true)]
    [InlineData("""{"price_usd": "20"}""", """{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", false)]
    [InlineData("""{"price_usd": true}""", """{"price_usd": [{"numeric": [">", 0]}]}""", false)]
    public void Numeric_matches_number_properties_within_its_bounds(string body, string policy, bool matches) =>
        Assert.Equal(matches, Matches(policy, body));

    [Theory]
    [InlineData("""{"event": "order_placed"}""", """[{"prefix": "order_"}]""", true)]
    [InlineData("""{"event": "refund_placed"}""", """[{"prefix": "order_"}]""", false)]
    [InlineData("""{"event": ["refund_placed", "order_placed"]}""", """[{"prefix": "order_"}]""", true)]
    [InlineData("""{"event": "order_placed"}""", """[{"suffix": "_placed"}]""", true)]
    [InlineData("""{"event": "order_cancelled"}""", """[{"suffix": "_placed"}]""", false)]
    [InlineData("""{"event": "ORDER_Placed"}""", """[{"equals-ignore-case": "order_placed"}]""", true)]
    [InlineData("""{"event": "order-placed"}""", """[{"equals-ignore-case": "order_placed"}]""", false)]
    [InlineData("""{"event": 5}""", """[{"prefix": "5"}]""", false)]
    public void String_operators_match_string_properties(string body, string values, bool matches) =>
        Assert.Equal(matches, Matches($$"""{"event": {{values}}}""", body));

    [Theory]
    [InlineData("""{"customer_interests": "baseball"}""", true)]
    [InlineData("""{"customer_interests": ["rugby", "baseball"]}""", true)]
    [InlineData("""{"customer_interests": "rugby"}""", false)]
    [InlineData("""{"customer_interests": ["rugby", "tennis"]}""", false)]
    [InlineData("""{"other": "baseball"}""", false)]
    public void Anything_but_matches_a_property_holding_another_value(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}""", body));

    [Theory]
    [InlineData("""{"price": 101}""", true)]
    [InlineData("""{"price": 100.1}""", true)]
    [InlineData("""{"price": [100, 50]}""", true)]
    [InlineData("""{"price": 100}""", false)]
    [InlineData("""{"price": 1e2}""", false)]
    public void Anything_but_numbers_matches_a_property_holding_another_number(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"price": [{"anything-but": [100, 500]}]}""", body));

    [Theory]
    [InlineData("""{"event": "data-entry"}""", true)]
    [InlineData("""{"event": "order-cancelled"}""", false)]
    [InlineData("""{"event": 42}""", true)]
    public void Anything_but_a_prefix_matches_properties_not_beginning_with_it(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"event": [{"anything-but": {"prefix": "order-"}}]}""", body));

    [Theory]
    [InlineData("""{"store": "fans", "customer_interests": ["baseball", "basketball"]}""", """[{"exists": true}]""", true)]
    [InlineData("""{"store": 0}""", """[{"exists": true}]""", true)]
    [InlineData("""{"store": ""}""", """[{"exists": true}]""", true)]
    [InlineData("""{"customer_interests": ["baseball", "basketball"]}""", """[{"exists": true}]""", false)]
    [InlineData("""{"store": null}""", """[{"exists": true}]""", false)]
    [InlineData("""{"store": []}""", """[{"exists": true}]""", false)]
    [InlineData("""{"store": {"name": "fans"}}""", """[{"exists": true}]""", false)]
    [InlineData("""{"customer_interests": ["baseball", "basketball"]}""", """[{"exists": false}]""", true)]
    [InlineData("{}", """[{"exists": false}]""", true)]
    [InlineData("""{"store": "fans"}""", """[{"exists": false}]""", false)]
    [InlineData("""{"store": null}""", """[{"exists": false}]""", true)]
    public void Exists_looks_for_a_leaf_value_that_is_not_null(string body, string values, bool matches) =>
        Assert.Equal(matches, Matches($$"""{"store": {{values}}}""", body));

    [Theory]
    [InlineData("""{"source_ip": "10.0.0.255"}""", true)]
    [InlineData("""{"source_ip": ["192.168.1.1", "10.0.0.3"]}""", true)]
    [InlineData("""{"source_ip": "10.0.1.0"}""", false)]
    [InlineData("""{"source_ip": 10}""", false)]
    public void Cidr_matches_address_properties_in_the_block(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"source_ip": [{"cidr": "10.0.0.0/24"}]}""", body));

    [Theory]
    [InlineData("""{"flag": true}""", """[true]""", true)]
    [InlineData("""{"flag": "true"}""", """[true]""", false)]
    [InlineData("""{"flag": false}""", """[false]""", true)]
    [InlineData("""{"flag": true}""", """[false]""", false)]
    [InlineData("""{"flag": null}""", """[null]""", true)]
    [InlineData("""{"flag": "null"}""", """[null]""", false)]
    [InlineData("""{"other": 1}""", """[null]""", false)]
    [InlineData("""{"flag": [1, null]}""", """[null]""", true)]
    public void Keywords_match_the_same_JSON_keyword(string body, string values, bool matches) =>
        Assert.Equal(matches, Matches($$"""{"flag": {{values}}}""", body));

    /// <summary>Recorded: the policy of the payload-based filtering announcement, and what SNS did with each body.</summary>
    [Theory]
    [InlineData("""{"object": {"key": "auto-test"}}""", true)]
    [InlineData("""{"object": {"key": "hardcodedvalue"}}""", true)]
    [InlineData("""{"object": {"key": "test-auto"}}""", false)]
    [InlineData("""{"object": {"key": "auto-test"}, "test": "just-exists"}""", false)]
    [InlineData("""{"object": {"key": "auto-test", "nested_key": "just-exists"}}""", false)]
    [InlineData("""{"object": {"test": "auto-test"}}""", false)]
    [InlineData("""{"test": "auto-test"}""", false)]
    public void Nested_policy_keys_match_nested_properties(string body, bool matches) =>
        Assert.Equal(matches, Matches(
            """{"object": {"key": [{"prefix": "auto-"}, "hardcodedvalue"], "nested_key": [{"exists": false}]}, "test": [{"exists": false}]}""", body));

    /// <summary>Recorded: a dotted key and nested properties are the same path, however the dots fall.</summary>
    [Theory]
    [InlineData("""{"object.nested": ["string.value"]}""", """{"object": {"nested": "string.value"}}""", true)]
    [InlineData("""{"object.nested": ["string.value"]}""", """{"object.nested": "string.value"}""", true)]
    [InlineData("""{"object.nested": ["string.value"]}""", """{"object": {"nested": "test-auto"}}""", false)]
    [InlineData("""{"object.nested.test": ["string.value"]}""", """{"object": {"nested": {"test": "string.value"}}}""", true)]
    [InlineData("""{"object.nested.test": ["string.value"]}""", """{"object.nested.test": "string.value"}""", true)]
    [InlineData("""{"object.nested.test": ["string.value"]}""", """{"object.nested": {"test": "string.value"}}""", true)]
    [InlineData("""{"object.nested.test": ["string.value"]}""", """{"object": {"nested.test": "string.value"}}""", true)]
    [InlineData("""{"object.nested.test": ["string.value"]}""", """{"object": {"nested": {"test": "string.notvalue"}}}""", false)]
    [InlineData("""{"object": {"nested.test": ["string.value"]}}""", """{"object": {"nested": {"test": "string.value"}}}""", true)]
    public void Dotted_keys_and_nested_properties_are_the_same_path(string policy, string body, bool matches) =>
        Assert.Equal(matches, Matches(policy, body));

    /// <summary>Recorded: each subscription got the bodies whose array held its queue's name.</summary>
    [Theory]
    [InlineData("""{"headers": {"route-to": ["queue3"]}}""", false)]
    [InlineData("""{"headers": {"route-to": ["queue1"]}}""", true)]
    [InlineData("""{"headers": {"route-to": ["queue2"]}}""", false)]
    [InlineData("""{"headers": {"route-to": ["queue1", "queue2"]}}""", true)]
    public void Nested_array_property_matches_when_an_element_does(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"headers": {"route-to": ["queue1"]}}""", body));

    /// <summary>
    /// Recorded (S3 event notifications): the keys under "Records" must match within one record; the first
    /// body matches through its first record, whose object sits in an array of arrays.
    /// </summary>
    [Theory]
    [InlineData("""{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"object": [[{"key": "auto-insurance-2314.xml", "size": 17}]]}}, {"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "home-insurance-2314.xml", "size": 17}}}]}""", true)]
    [InlineData("""{"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-insurance-2314.xml", "size": 17}}}]}""", false)]
    [InlineData("""{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "home-insurance-2314.xml", "size": 17}}}]}""", false)]
    [InlineData("""{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "insurance-bucket-demo"}, "object": {"key": "auto-insurance-2314.xml", "size": 17}}}]}""", true)]
    [InlineData("""{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "home-insurance-2314.xml"}}}, {"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-insurance-2314.xml"}}}]}""", false)]
    [InlineData("""{"Records": {"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "auto-insurance-2314.xml"}}}}""", true)]
    public void Keys_inside_an_array_of_objects_must_match_within_one_element(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}}""", body));

    [Theory]
    [InlineData("""{"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}], "store": "x"}""", true)]
    [InlineData("""{"items": [{"sku": "a", "qty": 5}, {"sku": "b", "qty": 1}], "store": "x"}""", false)]
    [InlineData("""{"items": [{"sku": "b", "qty": 5}], "store": "y"}""", false)]
    public void Keys_outside_the_array_combine_with_any_element(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"items": {"sku": ["b"], "qty": [{"numeric": [">", 2]}]}, "store": ["x"]}""", body));

    /// <summary>("metricName" || "namespace") && "detail.scope" && ("detail.source" || "detail.type").</summary>
    [Theory]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""", true)]
    [InlineData("""{"metricName": "ReadLatency", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""", true)]
    [InlineData("""{"namespace": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""", true)]
    [InlineData("""{"namespace": "AWS/ES", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""", true)]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""", true)]
    [InlineData("""{"metricName": "AWS/EC2", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""", false)]
    [InlineData("""{"namespace": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""", false)]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"scope": "aws.cloudwatch", "type": "CloudWatch Alarm State Change"}}""", false)]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CPUUtilization"}}""", false)]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"type": "CloudWatch Alarm State Change"}}""", false)]
    [InlineData("""{"metricName": "CPUUtilization", "detail": {"scope": "Service"}}""", false)]
    [InlineData("""{"metricName": "CPUUtilization", "scope": "Service"}""", false)]
    public void Or_operator_works_at_the_top_and_inside_nested_keys(string body, bool matches) =>
        Assert.Equal(matches, Matches(
            """{"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}], "detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}""",
            body));

    [Theory]
    [InlineData("""{"a": {"b": {"c": {"d": {"e": "deep"}}}}}""", true)]
    [InlineData("""{"a": [{"b": [{"c": [{"d": [{"e": ["x", "deep"]}]}]}]}]}""", true)]
    [InlineData("""{"a": {"b": {"c": {"d": {"e": "shallow"}}}}}""", false)]
    public void Deeply_nested_keys_reach_through_objects_and_arrays(string body, bool matches) =>
        Assert.Equal(matches, Matches("""{"a": {"b": {"c": {"d": {"e": ["deep"]}}}}}""", body));
}
