using System.Security.Cryptography;
using Shoal.Actors.Queues;
using static Shoal.Tests.Unit.Msg;
using static Shoal.Tests.Unit.TestQueue;

namespace Shoal.Tests.Unit;

/// <summary>The vectors of aws-wire.md §5, which the .NET SDK accepted.</summary>
[Trait("Tier", "Unit")]
public class MessageDigestTests
{
    const string TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    static readonly string[] NineNames = ["apple", "Banana", "_under", "ZED", "éclair", "a1", "A2", "b.c", "B-d"];

    [Fact]
    public void Body_MD5_is_the_lowercase_hex_MD5_of_the_UTF8_body() =>
        Assert.Equal("85e5fa6543afffcd38478745239ac18f", MessageDigest.OfBody("hello ünï & <x>"));

    [Fact]
    public void Attribute_MD5_of_the_worked_example_is_the_MD5_of_the_documented_bytes()
    {
        byte[] documented = [0, 0, 0, 1, 0x6b, 0, 0, 0, 6, 0x53, 0x74, 0x72, 0x69, 0x6e, 0x67, 1, 0, 0, 0, 1, 0x76];

        Assert.Equal("0a77b0642718c3d9dd47090567d11e0d", Convert.ToHexStringLower(MD5.HashData(documented)));
        Assert.Equal("0a77b0642718c3d9dd47090567d11e0d", MessageDigest.OfAttributes(Attributes(("k", Text("v")))));
    }

    [Fact]
    public void Attribute_MD5_covers_String_Number_Binary_and_custom_types()
    {
        var attributes = Attributes(
            ("attr1", Text("v1 é")), ("n", Number("7")), ("b", Bytes(0x00, 0x01, 0xFF)), ("c", Text("x", "String.custom")));

        Assert.Equal("55434170cdf786d6460f7e771039f2b0", MessageDigest.OfAttributes(attributes));
    }

    [Fact]
    public void Attribute_MD5_covers_non_ASCII_custom_string_values()
    {
        var attributes = Attributes(
            ("attr1", Text("hello")), ("num", Number("42")), ("bin", Bytes(0x00, 0x01, 0x02, 0xFF)), ("custom", Text("xé", "String.custom")));

        Assert.Equal("471fafd47663496da41fbde9a18b70ef", MessageDigest.OfAttributes(attributes));
    }

    [Fact]
    public void Attribute_MD5_orders_names_by_ordinal_byte_order_whatever_order_they_arrive_in()
    {
        const string expected = "ce92c0b02a4cff3097c6cd9102c92a26";

        Assert.Equal(expected, MessageDigest.OfAttributes(NineNames.Select(Named)));
        Assert.Equal(expected, MessageDigest.OfAttributes(Enumerable.Reverse(NineNames).Select(Named)));
        Assert.Equal(expected, MessageDigest.OfAttributes(NineNames.Order(StringComparer.OrdinalIgnoreCase).Select(Named)));

        static KeyValuePair<string, MessageAttributeValue> Named(string name) => new(name, Text("v-" + name));
    }

    [Fact]
    public void System_attribute_MD5_uses_the_same_algorithm() =>
        Assert.Equal("5ae4d5d7636402d80f4eb6d213245a88", MessageDigest.OfAttributes(Attributes(("AWSTraceHeader", Text(TraceHeader)))));

    [Fact]
    public void Attribute_MD5_is_absent_when_there_are_no_attributes() =>
        Assert.Null(MessageDigest.OfAttributes(NoAttributes));

    [Fact]
    public void SendMessage_answers_with_the_body_attribute_and_system_attribute_MD5s()
    {
        var queue = Created();
        var entry = Entry("hello ünï & <x>",
            attributes: Attributes(("k", Text("v"))),
            systemAttributes: Attributes(("AWSTraceHeader", Text(TraceHeader))));

        var sent = Assert.Single(Expect.Reply<SendResult>(queue.SendReply(entry, At(0))).Successful);

        Assert.Equal("85e5fa6543afffcd38478745239ac18f", sent.Md5OfBody);
        Assert.Equal("0a77b0642718c3d9dd47090567d11e0d", sent.Md5OfAttributes);
        Assert.Equal("5ae4d5d7636402d80f4eb6d213245a88", sent.Md5OfSystemAttributes);
    }

    [Fact]
    public void SendMessage_without_attributes_answers_with_no_attribute_MD5()
    {
        var sent = Created().Send("hello", At(0));

        Assert.Null(sent.Md5OfAttributes);
        Assert.Null(sent.Md5OfSystemAttributes);
    }

    [Fact]
    public void Received_message_carries_the_MD5s_computed_when_it_was_sent()
    {
        var queue = Created();
        queue.SendReply(Entry("hello ünï & <x>", attributes: Attributes(("k", Text("v")))), At(0));

        var received = Assert.Single(queue.Receive(At(0))).Message;

        Assert.Equal("85e5fa6543afffcd38478745239ac18f", received.Md5OfBody);
        Assert.Equal("0a77b0642718c3d9dd47090567d11e0d", received.Md5OfAttributes);
    }
}
