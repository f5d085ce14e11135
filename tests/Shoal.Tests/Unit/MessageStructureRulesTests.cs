using Shoal.Actors.Common;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// Publish with MessageStructure=json. The rejections are those Amazon SNS gave (LocalStack's recording of
/// test_message_structure_json_exc); each protocol gets its own entry or the default.
/// </summary>
[Trait("Tier", "Unit")]
public class MessageStructureRulesTests
{
    const string NoDefault = "Invalid parameter: Message Structure - No default entry in JSON message body";
    const string FailedToParse = "Invalid parameter: Message Structure - JSON message body failed to parse";

    [Theory]
    [InlineData("""{"sqs": "Test message"}""", NoDefault)]
    [InlineData("""{"default": "This is a default message"} }""", FailedToParse)]
    [InlineData("""{"default": {"object": "test"}}""", NoDefault)]
    [InlineData("""{"default": null}""", NoDefault)]
    [InlineData("{}", NoDefault)]
    [InlineData("not json", FailedToParse)]
    [InlineData("""["default"]""", FailedToParse)]
    [InlineData("\"default\"", FailedToParse)]
    public void Message_without_a_string_default_is_rejected_as_SNS_words_it(string message, string expected)
    {
        var validation = MessageStructureRules.Validate(message);

        Assert.Null(validation.Messages);
        Assert.Equal(new Rejection(ErrorCode.InvalidParameter, expected), validation.Rejection);
    }

    [Fact]
    public void Repeated_key_is_accepted_and_its_last_value_wins()
    {
        var messages = Accepted("""{"default": "This is a default message", "default": "Duplicate"}""");

        Assert.Equal("Duplicate", MessageStructureRules.MessageFor(messages, "http"));
    }

    [Theory]
    [InlineData("sqs", "{\"field\": \"value\"}")]
    [InlineData("http", "for http")]
    [InlineData("https", "for https")]
    [InlineData("email", "default field")]
    [InlineData("lambda", "default field")]
    public void Each_protocol_gets_its_own_entry_or_else_the_default(string protocol, string expected)
    {
        var messages = Accepted("""{"default": "default field", "sqs": "{\"field\": \"value\"}", "http": "for http", "https": "for https"}""");

        Assert.Equal(expected, MessageStructureRules.MessageFor(messages, protocol));
    }

    [Fact]
    public void Entry_that_is_not_a_string_leaves_its_protocol_the_default()
    {
        var messages = Accepted("""{"default": "default field", "sqs": {"field": "value"}}""");

        Assert.Equal("default field", MessageStructureRules.MessageFor(messages, "sqs"));
    }

    static IReadOnlyDictionary<string, string> Accepted(string message)
    {
        var validation = MessageStructureRules.Validate(message);
        Assert.Null(validation.Rejection);
        return validation.Messages!;
    }
}
