using System.Globalization;
using Shoal.Actors.Queues;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class ReceiveMessage
{
    public static async Task Handle(SqsRequest request)
    {
        var queueId = request.QueueId();
        var r = request.Reader;
        var wait = r.Int("WaitTimeSeconds");
        var systemNames = r.StringList("AttributeNames", "AttributeName")
            .Concat(r.StringList("MessageSystemAttributeNames", "MessageSystemAttributeName"))
            .ToHashSet(StringComparer.Ordinal);
        var attributeNames = r.StringList("MessageAttributeNames", "MessageAttributeName");
        var command = new ReceiveMessages(queueId, r.Int("MaxNumberOfMessages") ?? 1, r.Int("VisibilityTimeout"), wait,
            r.String("ReceiveRequestAttemptId"));
        var reply = await request.AskQueue(command, waitSeconds: wait ?? 20);
        await request.Reply<ReceiveResult>(reply, (w, result) =>
        {
            if (result.Messages.Count == 0) return;
            w.ObjectList("Messages", "Message", result.Messages, (m, received) => Write(m, received, systemNames, attributeNames));
        });
    }

    static void Write(IResponseWriter w, ReceivedMessage received, IReadOnlySet<string> systemNames, IReadOnlyList<string> attributeNames)
    {
        var message = received.Message;
        w.String("MessageId", message.MessageId);
        w.String("ReceiptHandle", received.ReceiptHandle);
        w.String("MD5OfBody", message.Md5OfBody);
        w.String("Body", message.Body);
        var system = SystemAttributes(received, systemNames);
        if (system.Count > 0) w.StringMap("Attributes", "Attribute", system);
        var attributes = message.Attributes.Where(a => Selected(a.Key, attributeNames)).ToList();
        if (attributes.Count == 0) return;
        // Clients recompute the digest from what they got, so digest the returned subset.
        w.String("MD5OfMessageAttributes", attributes.Count == message.Attributes.Count
            ? message.Md5OfAttributes
            : MessageDigest.OfAttributes(attributes));
        w.ObjectMap("MessageAttributes", "MessageAttribute", attributes, (v, value) =>
        {
            if (value.IsBinary) v.Binary("BinaryValue", value.BinaryValue ?? []);
            else v.String("StringValue", value.StringValue);
            v.String("DataType", value.DataType);
        });
    }

    static List<KeyValuePair<string, string>> SystemAttributes(ReceivedMessage received, IReadOnlySet<string> names)
    {
        var all = names.Contains("All");
        var result = new List<KeyValuePair<string, string>>();
        void Put(string name, string? value)
        {
            if (value is not null && (all || names.Contains(name))) result.Add(new(name, value));
        }
        Put("SenderId", received.Message.SenderId);
        Put("SentTimestamp", Text(received.Message.SentAt));
        Put("ApproximateReceiveCount", Text(received.ReceiveCount));
        Put("ApproximateFirstReceiveTimestamp", Text(received.FirstReceivedAt));
        Put("AWSTraceHeader", received.Message.SystemAttributes.GetValueOrDefault("AWSTraceHeader")?.StringValue);
        Put("DeadLetterQueueSourceArn", received.Message.DeadLetterSourceArn);
        Put("MessageGroupId", received.Message.MessageGroupId);
        // Only FIFO messages carry a deduplication id (explicit or content-based), and only they have a SequenceNumber.
        if (received.Message.MessageDeduplicationId is { } deduplicationId)
        {
            Put("MessageDeduplicationId", deduplicationId);
            Put("SequenceNumber", FifoRules.SequenceNumber(received.Message.Sequence));
        }
        return result;
    }

    /// <summary>"All" or ".*" selects every attribute, "prefix.*" a family, anything else one name.</summary>
    static bool Selected(string name, IReadOnlyList<string> filters)
    {
        foreach (var filter in filters)
        {
            if (filter is "All" or ".*" || filter == name) return true;
            if (filter.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(filter[..^1], StringComparison.Ordinal)) return true;
        }
        return false;
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
