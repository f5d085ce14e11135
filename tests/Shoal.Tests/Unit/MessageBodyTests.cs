using System.Text;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.Msg;
using static Shoal.Tests.Unit.TestQueue;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>
/// Body characters (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF) and
/// the size limit. Code points are passed as numbers: attribute strings cannot carry lone surrogates.
/// </summary>
[Trait("Tier", "Unit")]
public class MessageBodyTests
{
    static string Around(int codeUnit) => "a" + (char)codeUnit + "b";

    [Theory]
    [InlineData(0x09)]
    [InlineData(0x0A)]
    [InlineData(0x0D)]
    [InlineData(0x20)]
    [InlineData(0xD7FF)]
    [InlineData(0xE000)]
    [InlineData(0xFFFD)]
    public void Body_with_an_allowed_character_is_accepted(int codeUnit) => Assert.Null(MessageRules.ValidateBody(Around(codeUnit)));

    [Theory]
    [InlineData(0x10000)]
    [InlineData(0x1F600)]
    [InlineData(0x10FFFF)]
    public void Body_with_a_supplementary_character_as_a_surrogate_pair_is_accepted(int codePoint) =>
        Assert.Null(MessageRules.ValidateBody("a" + char.ConvertFromUtf32(codePoint) + "b"));

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0x1F)]
    [InlineData(0xFFFE)]
    [InlineData(0xFFFF)]
    [InlineData(0xD800)]
    [InlineData(0xDBFF)]
    [InlineData(0xDC00)]
    [InlineData(0xDFFF)]
    public void Body_with_a_disallowed_character_or_lone_surrogate_is_InvalidMessageContents(int codeUnit) =>
        Expect.Rejection(ErrorCode.InvalidMessageContents, MessageRules.ValidateBody(Around(codeUnit)));

    [Fact]
    public void Body_ending_in_a_high_surrogate_or_with_a_reversed_pair_is_InvalidMessageContents()
    {
        Expect.Rejection(ErrorCode.InvalidMessageContents, MessageRules.ValidateBody("ab\uD83D"));
        Expect.Rejection(ErrorCode.InvalidMessageContents, MessageRules.ValidateBody("a\uDE00\uD83Db"));
    }

    [Fact]
    public void SendMessage_with_a_disallowed_character_is_InvalidMessageContents_and_stores_nothing()
    {
        var queue = Created();

        Expect.Rejection(ErrorCode.InvalidMessageContents, queue.SendReply(Entry("nul\u0000"), At(0)));
        Assert.Equal(0, queue.State.MessageCount);
    }

    [Fact]
    public void Body_as_long_as_MaximumMessageSize_is_accepted_one_byte_more_is_rejected()
    {
        var queue = Created((R.MaximumMessageSize, "1024"));

        queue.Send(new string('a', 1024), At(0));
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Entry(new string('a', 1025)), At(0)));
    }

    [Fact]
    public void Message_size_counts_UTF8_bytes_not_characters()
    {
        var queue = Created((R.MaximumMessageSize, "1024"));

        queue.Send(new string('é', 512), At(0));
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Entry(new string('é', 513)), At(0)));
    }

    [Fact]
    public void Message_size_counts_each_attribute_name_type_and_value()
    {
        var queue = Created((R.MaximumMessageSize, "1024"));
        var body = new string('a', 1000);
        // 1000 (body) + 1 ("k") + 6 ("String") + value
        SendEntry WithValue(int length) => Entry(body, attributes: Attributes(("k", Text(new string('v', length)))));

        Expect.Reply<SendResult>(queue.SendReply(WithValue(17), At(0)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(WithValue(18), At(0)));
    }

    [Fact]
    public void Message_size_counts_binary_values_as_raw_bytes()
    {
        var attributes = Attributes(("bin", Bytes(new byte[100]))); // 3 + 6 + 100

        Assert.Equal(5 + 109, MessageRules.Size("hello", attributes));
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo"), MessageRules.Size("héllo", NoAttributes));
    }

    [Fact]
    public void Default_queue_accepts_a_1_MiB_body_but_not_more()
    {
        var queue = Created();

        Expect.Reply<SendResult>(queue.SendReply(Entry(new string('a', 1_048_576)), At(0)));
        Expect.Rejection(ErrorCode.InvalidParameterValue, queue.SendReply(Entry(new string('a', 1_048_577)), At(0)));
    }

    [Fact]
    public void Empty_body_is_rejected() => Assert.NotNull(MessageRules.ValidateBody(""));
}
