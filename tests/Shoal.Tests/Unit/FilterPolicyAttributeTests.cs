using Shoal.Actors.Topics;
using static Shoal.Tests.Unit.FilterPolicyTests;

namespace Shoal.Tests.Unit;

/// <summary>
/// Filter policies in MessageAttributes scope, one table per operator, with the examples of the SNS developer
/// guide ("String value matching", "Numeric value matching", "Key matching") and their edges. Attributes are
/// written as SNS shows them in a notification.
/// </summary>
[Trait("Tier", "Unit")]
public class FilterPolicyAttributeTests
{
    static bool Matches(string policy, string attributes) =>
        Policy(policy, FilterPolicyScope.MessageAttributes).Matches(Attributes(attributes), "");

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "tennis"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"tennis\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"soccer\", \"rugby\", \"hockey\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "baseball"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\"]"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "Rugby"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby "}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String.custom", "Value": "rugby"}}""", true)]
    [InlineData("""{"other": {"Type": "String", "Value": "rugby"}}""", false)]
    [InlineData("""{"Customer_Interests": {"Type": "String", "Value": "rugby"}}""", false)]
    public void Exact_string_matches_the_same_string_or_an_array_holding_it_case_sensitively(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": ["rugby", "tennis"]}""", attributes));

    [Theory]
    [InlineData("""{"code": {"Type": "String", "Value": "5"}}""", true)]
    [InlineData("""{"code": {"Type": "Number", "Value": "5"}}""", false)]
    [InlineData("""{"code": {"Type": "String.Array", "Value": "[5]"}}""", false)]
    [InlineData("""{"code": {"Type": "String.Array", "Value": "[\"5\"]"}}""", true)]
    public void Exact_string_never_matches_a_number(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"code": ["5"]}""", attributes));

    [Theory]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "301.5"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "3.015e2"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "301.50"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "Number.usd", "Value": "301.5"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "301.5000001"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "301.500001"}}""", false)]
    [InlineData("""{"price_usd": {"Type": "Number", "Value": "301.6"}}""", false)]
    [InlineData("""{"price_usd": {"Type": "String", "Value": "301.5"}}""", false)]
    [InlineData("""{"price_usd": {"Type": "String.Array", "Value": "[1, 301.5]"}}""", true)]
    public void Exact_number_matches_an_equal_number_to_six_decimal_places(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"price_usd": [301.5]}""", attributes));

    [Theory]
    [InlineData("""{"account": {"Type": "Number", "Value": "123456789012"}}""", true)]
    [InlineData("""{"account": {"Type": "Number", "Value": "123456789012.0"}}""", false)]
    public void Exact_number_beyond_a_billion_matches_only_the_same_literal(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"account": [123456789012]}""", attributes));

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "baseball"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "basketball"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "bas"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"basketball\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "Baseball"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "ba"}}""", false)]
    public void Prefix_matches_strings_that_begin_with_it(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": [{"prefix": "bas"}]}""", attributes));

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "baseball"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "football"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"football\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "baseBALL"}}""", false)]
    public void Suffix_matches_strings_that_end_with_it(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": [{"suffix": "ball"}]}""", attributes));

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "RUGBY"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "Rugby"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"tennis\", \"RuGbY\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby league"}}""", false)]
    public void Equals_ignore_case_matches_the_same_string_in_any_case(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": [{"equals-ignore-case": "Rugby"}]}""", attributes));

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "baseball"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "football"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"baseball\"]"}}""", true)]
    [InlineData("""{"customer_interests": {"Type": "String", "Value": "rugby"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"rugby\", \"tennis\"]"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "Number", "Value": "5"}}""", true)]
    [InlineData("""{"other": {"Type": "String", "Value": "baseball"}}""", false)]
    public void Anything_but_strings_matches_any_present_value_that_is_none_of_them(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}""", attributes));

    [Theory]
    [InlineData("""{"event": {"Type": "String", "Value": "order_placed"}}""", true)]
    [InlineData("""{"event": {"Type": "String", "Value": "order_cancelled"}}""", false)]
    public void Anything_but_a_single_string_matches_any_other_string(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"event": [{"anything-but": "order_cancelled"}]}""", attributes));

    [Theory]
    [InlineData("""{"price": {"Type": "Number", "Value": "101"}}""", true)]
    [InlineData("""{"price": {"Type": "Number", "Value": "100.1"}}""", true)]
    [InlineData("""{"price": {"Type": "Number.Array", "Value": "[100, 50]"}}""", true)]
    [InlineData("""{"price": {"Type": "String.Array", "Value": "[100, 500]"}}""", false)]
    [InlineData("""{"price": {"Type": "Number", "Value": "100"}}""", false)]
    [InlineData("""{"price": {"Type": "Number", "Value": "100.0"}}""", false)]
    [InlineData("""{"price": {"Type": "Number", "Value": "5e2"}}""", false)]
    [InlineData("""{"price": {"Type": "String", "Value": "100"}}""", true)]
    public void Anything_but_numbers_matches_any_value_not_equal_to_them(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"price": [{"anything-but": [100, 500]}]}""", attributes));

    [Theory]
    [InlineData("""{"event": {"Type": "String", "Value": "data-entry"}}""", true)]
    [InlineData("""{"event": {"Type": "String", "Value": "order_number"}}""", true)]
    [InlineData("""{"event": {"Type": "String", "Value": "order-cancelled"}}""", false)]
    [InlineData("""{"event": {"Type": "String", "Value": "order-"}}""", false)]
    [InlineData("""{"event": {"Type": "String.Array", "Value": "[\"order-cancelled\", \"data-entry\"]"}}""", true)]
    [InlineData("""{"other": {"Type": "String", "Value": "data-entry"}}""", false)]
    public void Anything_but_a_prefix_matches_values_that_do_not_begin_with_it(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"event": [{"anything-but": {"prefix": "order-"}}]}""", attributes));

    [Theory]
    [InlineData("""{"price_usd": [{"numeric": ["<", 0]}]}""", "-0.5", true)]
    [InlineData("""{"price_usd": [{"numeric": ["<", 0]}]}""", "0", false)]
    [InlineData("""{"price_usd": [{"numeric": ["<=", 0]}]}""", "0", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "150", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "1.5e2", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "0.000001", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "0", false)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "150.000001", false)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", "150.0000001", true)]
    [InlineData("""{"price_usd": [{"numeric": [">=", 100, "<", 200]}]}""", "100", true)]
    [InlineData("""{"price_usd": [{"numeric": [">=", 100, "<", 200]}]}""", "200", false)]
    [InlineData("""{"price_usd": [{"numeric": ["=", 301.5]}]}""", "3.015e2", true)]
    [InlineData("""{"price_usd": [{"numeric": ["=", 301.5]}]}""", "301.4", false)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0]}]}""", "1000000000", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0]}]}""", "1000000001", false)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0]}]}""", "not a number", false)]
    public void Numeric_compares_Number_values_to_its_bounds(string policy, string number, bool matches) =>
        Assert.Equal(matches, Matches(policy, $$$"""{"price_usd": {"Type": "Number", "Value": "{{{number}}}"}}"""));

    [Theory]
    [InlineData("""{"price_usd": {"Type": "String", "Value": "50"}}""", false)]
    [InlineData("""{"price_usd": {"Type": "String.Array", "Value": "[\"50\", 50]"}}""", true)]
    [InlineData("""{"price_usd": {"Type": "String.Array", "Value": "[500, 5]"}}""", false)]
    public void Numeric_reads_numbers_only_not_strings_of_digits(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"price_usd": [{"numeric": [">", 10, "<", 100]}]}""", attributes));

    [Theory]
    [InlineData("""{"store": {"Type": "String", "Value": "fans"}, "customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}""", true)]
    [InlineData("""{"store": {"Type": "Number", "Value": "99"}}""", true)]
    [InlineData("""{"store": {"Type": "String.Array", "Value": "[\"a\"]"}}""", true)]
    [InlineData("""{"store": {"Type": "String.Array", "Value": "[]"}}""", false)]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}""", false)]
    [InlineData("""{"store": {"Type": "Binary", "Value": "AQID"}}""", false)]
    [InlineData("{}", false)]
    public void Exists_true_matches_when_the_attribute_is_there(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"store": [{"exists": true}]}""", attributes));

    [Theory]
    [InlineData("""{"customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}""", true)]
    [InlineData("""{"def": {"Type": "Number", "Value": "99"}}""", true)]
    [InlineData("""{"store": {"Type": "Binary", "Value": "AQID"}, "def": {"Type": "Number", "Value": "99"}}""", true)]
    [InlineData("""{"store": {"Type": "String", "Value": "fans"}, "customer_interests": {"Type": "String.Array", "Value": "[\"baseball\", \"basketball\"]"}}""", false)]
    [InlineData("""{"store": {"Type": "Number", "Value": "99"}, "def": {"Type": "Number", "Value": "99"}}""", false)]
    [InlineData("{}", false)]
    [InlineData("""{"store": {"Type": "Binary", "Value": "AQID"}}""", false)]
    public void Exists_false_matches_when_the_attribute_is_missing_but_others_are_there(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"store": [{"exists": false}]}""", attributes));

    [Theory]
    [InlineData("""{"event": {"Type": "String", "Value": "data-entry"}}""", true)]
    [InlineData("""{"other": {"Type": "String", "Value": "x"}}""", true)]
    [InlineData("""{"event": {"Type": "String", "Value": "order-cancelled"}}""", false)]
    public void Anything_but_combined_with_exists_false_also_matches_a_missing_attribute(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"event": [{"anything-but": {"prefix": "order-"}}, {"exists": false}]}""", attributes));

    [Theory]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "10.0.0.0"}}""", true)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "10.0.0.255"}}""", true)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "10.0.0.17"}}""", true)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "10.1.1.0"}}""", false)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "10.0.1.0"}}""", false)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "9.255.255.255"}}""", false)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "::ffff:a00:1"}}""", false)]
    [InlineData("""{"source_ip": {"Type": "String", "Value": "not an address"}}""", false)]
    [InlineData("""{"source_ip": {"Type": "String.Array", "Value": "[\"192.168.0.1\", \"10.0.0.9\"]"}}""", true)]
    public void Cidr_matches_IPv4_addresses_in_the_block(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"source_ip": [{"cidr": "10.0.0.0/24"}]}""", attributes));

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:ffff", true)]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db9::", false)]
    [InlineData("10.0.0.1", false)]
    public void Cidr_matches_IPv6_addresses_in_the_block(string address, bool matches) =>
        Assert.Equal(matches, Matches("""{"source_ip": [{"cidr": "2001:db8::/32"}]}""", $$$"""{"source_ip": {"Type": "String", "Value": "{{{address}}}"}}"""));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.0.0.2", false)]
    [InlineData("::1", false)]
    public void Exact_IP_address_matches_that_address(string address, bool matches) =>
        Assert.Equal(matches, Matches("""{"source_ip": ["10.0.0.1"]}""", $$$"""{"source_ip": {"Type": "String", "Value": "{{{address}}}"}}"""));

    [Theory]
    [InlineData("::1", true)]
    [InlineData("0:0:0:0:0:0:0:1", true)]
    [InlineData("::2", false)]
    public void Exact_IPv6_address_matches_it_however_it_is_written(string address, bool matches) =>
        Assert.Equal(matches, Matches("""{"source_ip": ["::1"]}""", $$$"""{"source_ip": {"Type": "String", "Value": "{{{address}}}"}}"""));

    [Theory]
    [InlineData("""{"flags": {"Type": "String.Array", "Value": "[true]"}}""", """{"flags": [true]}""", true)]
    [InlineData("""{"flags": {"Type": "String.Array", "Value": "[\"true\"]"}}""", """{"flags": [true]}""", false)]
    [InlineData("""{"flags": {"Type": "String", "Value": "true"}}""", """{"flags": [true]}""", false)]
    [InlineData("""{"flags": {"Type": "String.Array", "Value": "[false]"}}""", """{"flags": [false]}""", true)]
    [InlineData("""{"flags": {"Type": "String.Array", "Value": "[null]"}}""", """{"flags": [null]}""", true)]
    [InlineData("""{"flags": {"Type": "String", "Value": "null"}}""", """{"flags": [null]}""", false)]
    [InlineData("""{"other": {"Type": "String", "Value": "x"}}""", """{"flags": [null]}""", false)]
    public void Keywords_match_only_the_same_JSON_keyword_in_an_array(string attributes, string policy, bool matches) =>
        Assert.Equal(matches, Matches(policy, attributes));

    [Fact]
    public void Null_or_anything_but_does_not_match_a_message_without_attributes() =>
        // Recorded: SNS did not deliver a message without attributes to this policy.
        Assert.False(Matches("""{"attr1": [null, {"anything-but": "whatever"}]}""", "{}"));

    [Theory]
    [InlineData("""{"blob": [{"exists": true}]}""")]
    [InlineData("""{"blob": ["AQID"]}""")]
    [InlineData("""{"blob": [{"anything-but": "x"}]}""")]
    public void Binary_attributes_are_ignored(string policy) =>
        Assert.False(Matches(policy, """{"blob": {"Type": "Binary", "Value": "AQID"}, "other": {"Type": "String", "Value": "x"}}"""));

    [Theory]
    [InlineData("""{"list": {"Type": "String.Array", "Value": "not json"}}""", false)]
    [InlineData("""{"list": {"Type": "String.Array", "Value": "[[\"nested\"], \"flat\"]"}}""", true)]
    [InlineData("""{"list": {"Type": "String.Array", "Value": "[[\"nested\", \"other\"]]"}}""", true)]
    public void String_array_elements_are_matched_at_any_depth_and_a_malformed_array_holds_nothing(string attributes, bool matches) =>
        Assert.Equal(matches, Matches("""{"list": ["nested"]}""", attributes));
}
