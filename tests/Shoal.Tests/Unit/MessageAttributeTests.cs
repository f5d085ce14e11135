using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.Msg;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

/// <summary>Message attribute rules as the SQS developer guide states them ("Message attribute components").</summary>
[Trait("Tier", "Unit")]
public class MessageAttributeTests
{
    static Rejection? Check(string name, MessageAttributeValue value) => MessageRules.ValidateAttributes(Attributes((name, value)));

    static void Accepted(string name, MessageAttributeValue value) => Assert.Null(Check(name, value));

    static void Rejected(string name, MessageAttributeValue value) => Expect.Rejection(ErrorCode.InvalidParameterValue, Check(name, value));

    [Theory]
    [InlineData("a")]
    [InlineData("Order-Id_2.v1")]
    [InlineData("AWSome")]
    [InlineData("Amazonian")]
    [InlineData("my.AWS.name")]
    public void Attribute_name_of_letters_digits_hyphens_underscores_and_single_inner_periods_is_accepted(string name) =>
        Accepted(name, Text("v"));

    [Theory]
    [InlineData("AWS.trace")]
    [InlineData("aws.trace")]
    [InlineData("Amazon.id")]
    [InlineData("AMAZON.id")]
    public void Attribute_name_with_a_reserved_prefix_in_any_casing_is_rejected(string name) => Rejected(name, Text("v"));

    [Theory]
    [InlineData(".name")]
    [InlineData("name.")]
    [InlineData("na..me")]
    public void Attribute_name_starting_or_ending_with_a_period_or_with_two_in_a_row_is_rejected(string name) =>
        Rejected(name, Text("v"));

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("colon:name")]
    [InlineData("éclair")]
    [InlineData("")]
    public void Attribute_name_with_other_characters_or_empty_is_rejected(string name) => Rejected(name, Text("v"));

    [Fact]
    public void Attribute_name_may_be_256_characters_but_not_257()
    {
        Accepted(new string('n', 256), Text("v"));
        Rejected(new string('n', 257), Text("v"));
    }

    [Theory]
    [InlineData("String")]
    [InlineData("Number")]
    [InlineData("String.custom")]
    [InlineData("Number.float")]
    [InlineData("String.with.dots-and_more")]
    public void String_and_Number_types_with_or_without_a_custom_label_are_accepted(string dataType) =>
        Accepted("k", new MessageAttributeValue(dataType, StringValue: "42"));

    [Theory]
    [InlineData("Binary")]
    [InlineData("Binary.gif")]
    public void Binary_types_with_or_without_a_custom_label_are_accepted(string dataType) =>
        Accepted("k", new MessageAttributeValue(dataType, BinaryValue: [1, 2, 3]));

    [Theory]
    [InlineData("")]
    [InlineData("string")]
    [InlineData("Str")]
    [InlineData("Strings")]
    [InlineData("String.")]
    [InlineData("Integer")]
    [InlineData("custom.String")]
    public void Data_type_without_a_supported_prefix_is_rejected(string dataType) =>
        Rejected("k", new MessageAttributeValue(dataType, StringValue: "v"));

    [Fact]
    public void Data_type_may_be_256_characters_but_not_257()
    {
        Accepted("k", Text("v", "String." + new string('c', 249)));
        Rejected("k", Text("v", "String." + new string('c', 250)));
    }

    [Fact]
    public void Data_type_with_characters_not_allowed_in_a_body_is_rejected() => Rejected("k", Text("v", "String.a\u0000b"));

    [Fact]
    public void Empty_or_missing_values_are_rejected()
    {
        Rejected("k", Text(""));
        Rejected("k", new MessageAttributeValue("String"));
        Rejected("k", Number(""));
        Rejected("k", Bytes());
        Rejected("k", new MessageAttributeValue("Binary"));
    }

    [Fact]
    public void String_value_with_characters_not_allowed_in_a_body_is_rejected() => Rejected("k", Text("a\u0000b"));

    [Theory]
    [InlineData("0")]
    [InlineData("-17")]
    [InlineData("3.25")]
    [InlineData("+1.5E+10")]
    [InlineData("12345678901234567890123456789012345678")]
    [InlineData("-0.00012345678901234567890123456789012345678")]
    [InlineData("1E126")]
    [InlineData("-1E126")]
    [InlineData("1E-128")]
    public void Number_within_38_digits_and_10e_minus128_to_10e126_is_accepted(string value) => Accepted("k", Number(value));

    [Theory]
    [InlineData("123456789012345678901234567890123456789")]
    [InlineData("1.23456789012345678901234567890123456789")]
    [InlineData("1E127")]
    [InlineData("1E-129")]
    [InlineData("1E-400")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData(" 7")]
    public void Number_beyond_38_digits_out_of_range_or_not_a_number_is_rejected(string value) => Rejected("k", Number(value));

    [Fact]
    public void Custom_Number_type_is_checked_as_a_number() => Rejected("k", Number("abc", "Number.int"));

    [Fact]
    public void Ten_attributes_are_accepted_but_eleven_are_rejected()
    {
        static IReadOnlyDictionary<string, MessageAttributeValue> Many(int count) =>
            Enumerable.Range(0, count).ToDictionary(i => $"a{i}", _ => Text("v"));

        Assert.Null(MessageRules.ValidateAttributes(Many(10)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, MessageRules.ValidateAttributes(Many(11)));
    }

    [Fact]
    public void SendMessage_with_an_invalid_attribute_is_rejected_and_stores_nothing()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Entry("hello", attributes: Attributes(("AWS.x", Text("v")))), At(0)));
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void Only_AWSTraceHeader_is_accepted_as_a_system_attribute()
    {
        Assert.Null(MessageRules.ValidateSystemAttributes(Attributes(("AWSTraceHeader", Text("Root=1-abc")))));
        Expect.Rejection(ErrorCode.InvalidParameterValue, MessageRules.ValidateSystemAttributes(Attributes(("Other", Text("x")))));
        Expect.Rejection(ErrorCode.InvalidParameterValue, MessageRules.ValidateSystemAttributes(Attributes(("AWSTraceHeader", Number("1")))));
    }
}
