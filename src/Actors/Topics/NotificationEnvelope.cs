using System.Globalization;
using System.Text;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Topics;

/// <summary>
/// What a published message becomes for one subscription: the fields of the Notification SNS sends to
/// HTTP/S endpoints and (without raw delivery) as the body of an SQS message. SequenceNumber is set on
/// FIFO topics only; Subject is null when the publish had none.
/// </summary>
public sealed record Notification(
    string MessageId,
    string TopicArn,
    string? Subject,
    string Message,
    long TimestampMs,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    string? SequenceNumber,
    SignatureVersion SignatureVersion,
    string SigningCertUrl,
    string UnsubscribeUrl);

/// <summary>The fields of a SubscriptionConfirmation or UnsubscribeConfirmation sent to an HTTP/S endpoint.</summary>
public sealed record Confirmation(
    string MessageId,
    string Token,
    string TopicArn,
    string SubscribeUrl,
    long TimestampMs,
    SignatureVersion SignatureVersion,
    string SigningCertUrl);

/// <summary>
/// The JSON bodies SNS sends, byte for byte as SNS writes them: its keys in its order, Jackson's pretty
/// printer ("  \"Key\" : value", one per line) with each message attribute on one line, and a signature
/// over the string AWS documents for the type ("Verifying the signatures of Amazon SNS messages").
/// </summary>
public static class NotificationEnvelope
{
    public static string ForNotification(Notification notification, MessageSigner signer)
    {
        var timestamp = Timestamp(notification.TimestampMs);
        var body = new EnvelopeWriter()
            .Field("Type", "Notification")
            .Field("MessageId", notification.MessageId)
            .FieldIfSet("SequenceNumber", notification.SequenceNumber)
            .Field("TopicArn", notification.TopicArn)
            .FieldIfSet("Subject", notification.Subject)
            .Field("Message", notification.Message)
            .Field("Timestamp", timestamp);
        // SNS does not sign what FIFO topics deliver (AWS's recorded bodies have no signature fields).
        if (notification.SequenceNumber is null)
        {
            var stringToSign = new StringToSign()
                .Add("Message", notification.Message)
                .Add("MessageId", notification.MessageId)
                .AddIfSet("Subject", notification.Subject)
                .Add("Timestamp", timestamp)
                .Add("TopicArn", notification.TopicArn)
                .Add("Type", "Notification");
            body.Signature(notification.SignatureVersion, signer.Sign(stringToSign.Text, notification.SignatureVersion), notification.SigningCertUrl);
        }
        body.Field("UnsubscribeURL", notification.UnsubscribeUrl);
        if (notification.Attributes.Count > 0) body.Attributes(notification.Attributes);
        return body.Close();
    }

    public static string ForSubscriptionConfirmation(Confirmation confirmation, MessageSigner signer) =>
        ForConfirmation("SubscriptionConfirmation", SubscribeMessage(confirmation.TopicArn), confirmation, signer);

    /// <summary>What SNS sends an HTTP/S endpoint after Unsubscribe: the token and SubscribeURL restore the subscription.</summary>
    public static string ForUnsubscribeConfirmation(Confirmation confirmation, string subscriptionArn, MessageSigner signer) =>
        ForConfirmation("UnsubscribeConfirmation", UnsubscribeMessage(subscriptionArn), confirmation, signer);

    public static string SubscribeMessage(string topicArn) =>
        $"You have chosen to subscribe to the topic {topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.";

    public static string UnsubscribeMessage(string subscriptionArn) =>
        $"You have chosen to deactivate subscription {subscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.";

    /// <summary>ISO 8601 in UTC, always with milliseconds: 2026-12-04T10:00:00.120Z.</summary>
    public static string Timestamp(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static string ForConfirmation(string type, string message, Confirmation confirmation, MessageSigner signer)
    {
        var timestamp = Timestamp(confirmation.TimestampMs);
        var stringToSign = new StringToSign()
            .Add("Message", message)
            .Add("MessageId", confirmation.MessageId)
            .Add("SubscribeURL", confirmation.SubscribeUrl)
            .Add("Timestamp", timestamp)
            .Add("Token", confirmation.Token)
            .Add("TopicArn", confirmation.TopicArn)
            .Add("Type", type);
        return new EnvelopeWriter()
            .Field("Type", type)
            .Field("MessageId", confirmation.MessageId)
            .Field("Token", confirmation.Token)
            .Field("TopicArn", confirmation.TopicArn)
            .Field("Message", message)
            .Field("SubscribeURL", confirmation.SubscribeUrl)
            .Field("Timestamp", timestamp)
            .Signature(confirmation.SignatureVersion, signer.Sign(stringToSign.Text, confirmation.SignatureVersion), confirmation.SigningCertUrl)
            .Close();
    }

    /// <summary>Each name and value on its own line, in the order the type's rule lists them (byte order of the names).</summary>
    sealed class StringToSign
    {
        readonly StringBuilder text = new();

        public string Text => text.ToString();

        public StringToSign Add(string name, string value)
        {
            text.Append(name).Append('\n').Append(value).Append('\n');
            return this;
        }

        public StringToSign AddIfSet(string name, string? value) => value is null ? this : Add(name, value);
    }

    sealed class EnvelopeWriter
    {
        readonly StringBuilder text = new("{");
        bool first = true;

        public EnvelopeWriter Field(string name, string value)
        {
            Name(name);
            JacksonJson.WriteString(value, text);
            return this;
        }

        public EnvelopeWriter FieldIfSet(string name, string? value) => value is null ? this : Field(name, value);

        public EnvelopeWriter Signature(SignatureVersion version, string signature, string signingCertUrl) =>
            Field("SignatureVersion", ((int)version).ToString(CultureInfo.InvariantCulture))
                .Field("Signature", signature)
                .Field("SigningCertURL", signingCertUrl);

        /// <summary>{"name" : {"Type":"String","Value":"v"}, ...}; binary values in base64.</summary>
        public EnvelopeWriter Attributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
        {
            Name("MessageAttributes");
            text.Append('{');
            var separator = "\n    ";
            foreach (var (name, value) in InSnsOrder(attributes))
            {
                text.Append(separator);
                separator = ",\n    ";
                JacksonJson.WriteString(name, text);
                text.Append(" : {\"Type\":");
                JacksonJson.WriteString(value.DataType, text);
                text.Append(",\"Value\":");
                JacksonJson.WriteString(value.IsBinary ? Convert.ToBase64String(value.BinaryValue ?? []) : value.StringValue ?? "", text);
                text.Append('}');
            }
            text.Append("\n  }");
            return this;
        }

        public string Close() => text.Append("\n}").ToString();

        void Name(string name)
        {
            text.Append(first ? "\n  " : ",\n  ");
            first = false;
            JacksonJson.WriteString(name, text);
            text.Append(" : ");
        }
    }

    /// <summary>
    /// SNS lists attributes as a Java HashMap of its default 16 buckets iterates them (SNS allows ten, so
    /// the map never grows): by bucket of the name's String.hashCode, then in the order they were put.
    /// That is the order in AWS's recorded bodies ("attr2" before "attr1").
    /// </summary>
    static IEnumerable<KeyValuePair<string, MessageAttributeValue>> InSnsOrder(IReadOnlyDictionary<string, MessageAttributeValue> attributes) =>
        attributes.Select((attribute, index) => (attribute, index))
            .OrderBy(entry => JavaHashMapBucket(entry.attribute.Key))
            .ThenBy(entry => entry.index)
            .Select(entry => entry.attribute);

    static int JavaHashMapBucket(string key)
    {
        var hash = 0;
        foreach (var c in key) hash = unchecked(31 * hash + c);
        return (hash ^ (int)((uint)hash >> 16)) & 15;
    }
}
