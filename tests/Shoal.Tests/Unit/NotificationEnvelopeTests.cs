using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shoal.Actors.Queues;
using Shoal.Actors.Topics;
using static Shoal.Tests.Unit.MessageSignerTests;

namespace Shoal.Tests.Unit;

/// <summary>
/// The JSON bodies SNS sends ("Parsing message formats"): keys in SNS's order, Subject and
/// MessageAttributes only when there are some, FIFO's SequenceNumber, Jackson's escaping, and a signature
/// that verifies against the string to sign AWS documents, built here from the parsed body.
/// </summary>
[Trait("Tier", "Unit")]
public class NotificationEnvelopeTests
{
    const string TopicArn = "arn:aws:sns:us-east-1:000000000000:MyTopic";
    const string SubscriptionArn = TopicArn + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55";
    const string CertUrl = "http://localhost:4566/SimpleNotificationService-0123.pem";
    const string UnsubscribeUrl = "http://localhost:4566/?Action=Unsubscribe&SubscriptionArn=" + SubscriptionArn;
    static readonly long December4 = new DateTimeOffset(2026, 12, 4, 10, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds();
    static readonly MessageSigner Signer = new(Key);

    static Notification Published(
        string message = "Hello",
        string? subject = null,
        IReadOnlyDictionary<string, MessageAttributeValue>? attributes = null,
        string? sequenceNumber = null,
        SignatureVersion version = SignatureVersion.Sha1WithRsa) =>
        new("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", TopicArn, subject, message, December4,
            attributes ?? new Dictionary<string, MessageAttributeValue>(), sequenceNumber, version, CertUrl, UnsubscribeUrl);

    static Confirmation Pending(SignatureVersion version = SignatureVersion.Sha1WithRsa) =>
        new("165545c9-2a5c-472c-8df2-7ff2be2b3b1b", "2336412f37fb687f5d51e6e241d09c80", TopicArn,
            "http://localhost:4566/?Action=ConfirmSubscription&TopicArn=" + TopicArn + "&Token=2336412f37fb687f5d51e6e241d09c80",
            December4, version, CertUrl);

    [Fact]
    public void Notification_lists_its_keys_in_SNS_order()
    {
        var body = NotificationEnvelope.ForNotification(Published(subject: "Hi", attributes: new Dictionary<string, MessageAttributeValue>
        {
            ["store"] = new("String", "example_corp"),
        }), Signer);

        Assert.Equal(
            ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"],
            Keys(body));
    }

    [Fact]
    public void Notification_without_a_subject_or_attributes_has_neither_key()
    {
        var body = NotificationEnvelope.ForNotification(Published(), Signer);

        Assert.Equal(["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"], Keys(body));
    }

    [Fact]
    public void Fifo_notification_carries_the_sequence_number_after_the_message_id_and_is_not_signed()
    {
        var body = NotificationEnvelope.ForNotification(Published(sequenceNumber: "10000000000000003000"), Signer);

        Assert.Equal(["Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"], Keys(body));
        Assert.Equal("10000000000000003000", Field(body, "SequenceNumber"));
    }

    [Fact]
    public void Body_is_written_as_SNS_pretty_prints_it()
    {
        var body = NotificationEnvelope.ForNotification(Published(subject: "Hi", attributes: new Dictionary<string, MessageAttributeValue>
        {
            ["store"] = new("String", "example_corp"),
            ["price"] = new("Number", "10.5"),
        }), Signer);
        var signature = Field(body, "Signature");

        Assert.Equal(
            "{\n"
            + "  \"Type\" : \"Notification\",\n"
            + "  \"MessageId\" : \"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\",\n"
            + $"  \"TopicArn\" : \"{TopicArn}\",\n"
            + "  \"Subject\" : \"Hi\",\n"
            + "  \"Message\" : \"Hello\",\n"
            + "  \"Timestamp\" : \"2026-12-04T10:00:00.123Z\",\n"
            + "  \"SignatureVersion\" : \"1\",\n"
            + $"  \"Signature\" : \"{signature}\",\n"
            + $"  \"SigningCertURL\" : \"{CertUrl}\",\n"
            + $"  \"UnsubscribeURL\" : \"{UnsubscribeUrl}\",\n"
            + "  \"MessageAttributes\" : {\n"
            + "    \"price\" : {\"Type\":\"Number\",\"Value\":\"10.5\"},\n"
            + "    \"store\" : {\"Type\":\"String\",\"Value\":\"example_corp\"}\n"
            + "  }\n"
            + "}",
            body);
    }

    [Theory]
    [InlineData(0, "2026-12-04T10:00:00.000Z")]
    [InlineData(120, "2026-12-04T10:00:00.120Z")]
    [InlineData(999, "2026-12-04T10:00:00.999Z")]
    public void Timestamp_is_UTC_with_three_digits_of_milliseconds(int milliseconds, string expected) =>
        Assert.Equal(expected, NotificationEnvelope.Timestamp(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() + milliseconds));

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped_as_Jackson_does_and_other_text_is_written_as_is()
    {
        const string message = "say \"hi\"\\ /\n\ttab\r\b\f\u0001\u001f öß£ 漢字 😀";
        var body = NotificationEnvelope.ForNotification(Published(message), Signer);

        Assert.Contains("\"Message\" : \"say \\\"hi\\\"\\\\ /\\n\\ttab\\r\\b\\f\\u0001\\u001F öß£ 漢字 😀\",", body);
        Assert.Equal(message, Field(body, "Message"));
    }

    [Fact]
    public void Attributes_give_their_data_type_and_binary_values_in_base64()
    {
        var body = NotificationEnvelope.ForNotification(Published(attributes: new Dictionary<string, MessageAttributeValue>
        {
            ["binary-attribute"] = new("Binary", BinaryValue: [2, 3, 4]),
            ["timestamp"] = new("Number.java.lang.Long", "1723202440316"),
        }), Signer);

        Assert.Contains("\"binary-attribute\" : {\"Type\":\"Binary\",\"Value\":\"AgME\"}", body);
        Assert.Contains("\"timestamp\" : {\"Type\":\"Number.java.lang.Long\",\"Value\":\"1723202440316\"}", body);
    }

    [Fact]
    public void Attributes_come_in_the_order_SNS_lists_them_not_the_order_published()
    {
        var body = NotificationEnvelope.ForNotification(Published(attributes: new Dictionary<string, MessageAttributeValue>
        {
            ["attr1"] = new("Number", "111"),
            ["attr2"] = new("Binary", BinaryValue: [2, 3, 4]),
        }), Signer);

        // As AWS delivered them in LocalStack's recording (test_redrive_policy_sqs_queue_subscription).
        Assert.Equal(["attr2", "attr1"], AttributeNames(body));
    }

    [Fact]
    public void Attributes_in_the_same_bucket_keep_the_order_they_were_published_in()
    {
        // "eventType" and "id" share a bucket; the order is one AWS delivered (hmpps-domain-events).
        var published = new[] { "timestamp", "eventType", "id", "traceparent" };
        var body = NotificationEnvelope.ForNotification(Published(attributes: published.ToDictionary(name => name, _ => new MessageAttributeValue("String", "v"))), Signer);

        Assert.Equal(["traceparent", "eventType", "id", "timestamp"], AttributeNames(body));
    }

    [Theory]
    [InlineData(SignatureVersion.Sha1WithRsa, "1", "SHA1", null)]
    [InlineData(SignatureVersion.Sha256WithRsa, "2", "SHA256", null)]
    [InlineData(SignatureVersion.Sha1WithRsa, "1", "SHA1", "My subject")]
    [InlineData(SignatureVersion.Sha256WithRsa, "2", "SHA256", "My \"subject\"\n")]
    public void Notification_signature_verifies_against_the_documented_string_to_sign(SignatureVersion version, string versionText, string hash, string? subject)
    {
        var body = NotificationEnvelope.ForNotification(Published("My Test Message\nwith \"quotes\" and ünïcode", subject, version: version), Signer);
        using var parsed = JsonDocument.Parse(body);
        var fields = parsed.RootElement;

        var stringToSign = new StringBuilder()
            .Append("Message\n").Append(fields.GetProperty("Message").GetString()).Append('\n')
            .Append("MessageId\n").Append(fields.GetProperty("MessageId").GetString()).Append('\n');
        if (fields.TryGetProperty("Subject", out var parsedSubject)) stringToSign.Append("Subject\n").Append(parsedSubject.GetString()).Append('\n');
        stringToSign
            .Append("Timestamp\n").Append(fields.GetProperty("Timestamp").GetString()).Append('\n')
            .Append("TopicArn\n").Append(fields.GetProperty("TopicArn").GetString()).Append('\n')
            .Append("Type\n").Append(fields.GetProperty("Type").GetString()).Append('\n');

        Assert.Equal(versionText, fields.GetProperty("SignatureVersion").GetString());
        Assert.Equal(CertUrl, fields.GetProperty("SigningCertURL").GetString());
        Assert.True(Verifies(Key.CertificatePem, stringToSign.ToString(), fields.GetProperty("Signature").GetString()!, new HashAlgorithmName(hash)));
    }

    [Fact]
    public void Subscription_confirmation_lists_its_keys_in_SNS_order_with_the_confirm_text()
    {
        var body = NotificationEnvelope.ForSubscriptionConfirmation(Pending(), Signer);

        Assert.Equal(["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"], Keys(body));
        Assert.Equal("SubscriptionConfirmation", Field(body, "Type"));
        Assert.Equal(
            $"You have chosen to subscribe to the topic {TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            Field(body, "Message"));
    }

    [Fact]
    public void Unsubscribe_confirmation_names_the_subscription_and_how_to_restore_it()
    {
        var body = NotificationEnvelope.ForUnsubscribeConfirmation(Pending(), SubscriptionArn, Signer);

        Assert.Equal(["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"], Keys(body));
        Assert.Equal("UnsubscribeConfirmation", Field(body, "Type"));
        Assert.Equal(
            $"You have chosen to deactivate subscription {SubscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.",
            Field(body, "Message"));
    }

    [Theory]
    [InlineData(SignatureVersion.Sha1WithRsa, "SHA1", false)]
    [InlineData(SignatureVersion.Sha256WithRsa, "SHA256", false)]
    [InlineData(SignatureVersion.Sha256WithRsa, "SHA256", true)]
    public void Confirmation_signature_verifies_against_the_documented_string_to_sign(SignatureVersion version, string hash, bool unsubscribe)
    {
        var body = unsubscribe
            ? NotificationEnvelope.ForUnsubscribeConfirmation(Pending(version), SubscriptionArn, Signer)
            : NotificationEnvelope.ForSubscriptionConfirmation(Pending(version), Signer);
        using var parsed = JsonDocument.Parse(body);
        var fields = parsed.RootElement;

        var stringToSign = string.Concat(
            new[] { "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type" }
                .Select(name => $"{name}\n{fields.GetProperty(name).GetString()}\n"));

        Assert.True(Verifies(Key.CertificatePem, stringToSign, fields.GetProperty("Signature").GetString()!, new HashAlgorithmName(hash)));
    }

    [Fact]
    public void Same_notification_gives_the_same_body()
    {
        var notification = Published(subject: "Hi");

        Assert.Equal(NotificationEnvelope.ForNotification(notification, Signer), NotificationEnvelope.ForNotification(notification, Signer));
    }

    static List<string> Keys(string body)
    {
        using var parsed = JsonDocument.Parse(body);
        return [.. parsed.RootElement.EnumerateObject().Select(property => property.Name)];
    }

    static List<string> AttributeNames(string body)
    {
        using var parsed = JsonDocument.Parse(body);
        return [.. parsed.RootElement.GetProperty("MessageAttributes").EnumerateObject().Select(property => property.Name)];
    }

    static string Field(string body, string name)
    {
        using var parsed = JsonDocument.Parse(body);
        return parsed.RootElement.GetProperty(name).GetString()!;
    }
}
