using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>
/// SNS topics delivering to SQS queues (read back with AWSSDK.SQS, which checks every MD5) and to real HTTP
/// subscribers on loopback, against a node in this process: the envelope, raw delivery, signatures that
/// verify against the certificate at SigningCertURL, confirmation, retries and dead-letter queues.
/// </summary>
[Trait("Tier", "Http")]
public sealed class SnsDeliveryTests(InProcessShoal shoal) : IClassFixture<InProcessShoal>
{
    readonly AmazonSQSClient _sqs = shoal.SqsClient();
    readonly SnsQuery _sns = new(shoal.Endpoint);
    static readonly HttpClient Http = new();

    async Task<(string Url, string Arn)> NewQueue(string behaviour, bool fifo = false)
    {
        var name = Unique.Name(behaviour) + (fifo ? ".fifo" : "");
        var attributes = fifo ? new Dictionary<string, string> { ["FifoQueue"] = "true" } : null;
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes })).QueueUrl;
        return (url, $"arn:aws:sqs:us-east-1:000000000000:{name}");
    }

    async Task<List<Message>> ReceiveAll(string queueUrl, int expected, TimeSpan? within = null)
    {
        var messages = new List<Message>();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2, MessageAttributeNames = ["All"], MessageSystemAttributeNames = ["All"],
            });
            messages.AddRange(received.Messages ?? []);
        }
        Assert.True(messages.Count >= expected, $"expected {expected} messages in {queueUrl}, got {messages.Count}");
        return messages;
    }

    /// <summary>Checks a Notification's or confirmation's signature as AWS tells subscribers to: the certificate from SigningCertURL, the documented string.</summary>
    static async Task AssertSignatureVerifies(JsonElement envelope)
    {
        var type = envelope.GetProperty("Type").GetString();
        string[] fields = type == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = new StringBuilder();
        foreach (var field in fields)
            if (envelope.TryGetProperty(field, out var value)) text.Append(field).Append('\n').Append(value.GetString()).Append('\n');
        var pem = await Http.GetStringAsync(envelope.GetProperty("SigningCertURL").GetString());
        using var certificate = X509Certificate2.CreateFromPem(pem);
        using var key = certificate.GetRSAPublicKey()!;
        var hash = envelope.GetProperty("SignatureVersion").GetString() == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(text.ToString()), Convert.FromBase64String(envelope.GetProperty("Signature").GetString()!),
            hash, RSASignaturePadding.Pkcs1), $"signature of {type} does not verify");
    }

    [Fact]
    public async Task A_publish_reaches_every_subscribed_queue_in_the_signed_sns_envelope()
    {
        var topic = await _sns.CreateTopic(Unique.Name("fanout"));
        var queues = new[] { await NewQueue("fan-a"), await NewQueue("fan-b"), await NewQueue("fan-c") };
        foreach (var queue in queues) await _sns.Subscribe(topic, "sqs", queue.Arn);

        var messageId = await _sns.Publish(topic, "order 42 shipped", [("colour", "String", "red"), ("count", "Number", "3")], ("Subject", "Shipping"));

        foreach (var (url, _) in queues)
        {
            var message = Assert.Single(await ReceiveAll(url, 1));
            var envelope = JsonDocument.Parse(message.Body).RootElement;
            Assert.Equal("Notification", envelope.GetProperty("Type").GetString());
            Assert.Equal(messageId, envelope.GetProperty("MessageId").GetString());
            Assert.Equal(topic, envelope.GetProperty("TopicArn").GetString());
            Assert.Equal("Shipping", envelope.GetProperty("Subject").GetString());
            Assert.Equal("order 42 shipped", envelope.GetProperty("Message").GetString());
            Assert.Equal("1", envelope.GetProperty("SignatureVersion").GetString());
            Assert.Equal("red", envelope.GetProperty("MessageAttributes").GetProperty("colour").GetProperty("Value").GetString());
            Assert.Equal("Number", envelope.GetProperty("MessageAttributes").GetProperty("count").GetProperty("Type").GetString());
            Assert.StartsWith(shoal.Endpoint, envelope.GetProperty("UnsubscribeURL").GetString());
            Assert.True(DateTime.TryParse(envelope.GetProperty("Timestamp").GetString(), out _));
            await AssertSignatureVerifies(envelope);
        }
    }

    [Fact]
    public async Task Raw_delivery_puts_the_message_and_its_attributes_in_the_queue_as_sent()
    {
        var topic = await _sns.CreateTopic(Unique.Name("raw"));
        var (url, arn) = await NewQueue("raw");
        await _sns.Subscribe(topic, "sqs", arn, ("RawMessageDelivery", "true"));

        await _sns.Publish(topic, "{\"raw\": true}", [("s", "String", "v"), ("n", "Number", "1.5"), ("b", "Binary", Convert.ToBase64String([0, 1, 255]))]);

        // AWSSDK.SQS checks MD5OfMessageAttributes against what it received, so the attributes' digest is right too.
        var message = Assert.Single(await ReceiveAll(url, 1));
        Assert.Equal("{\"raw\": true}", message.Body);
        Assert.Equal("v", message.MessageAttributes["s"].StringValue);
        Assert.Equal("1.5", message.MessageAttributes["n"].StringValue);
        Assert.Equal(new byte[] { 0, 1, 255 }, message.MessageAttributes["b"].BinaryValue.ToArray());
    }

    [Fact]
    public async Task A_filter_policy_sends_each_message_only_where_it_matches()
    {
        var topic = await _sns.CreateTopic(Unique.Name("filter"));
        var red = await NewQueue("red");
        var all = await NewQueue("all");
        await _sns.Subscribe(topic, "sqs", red.Arn, ("FilterPolicy", """{"colour": ["red"]}"""), ("RawMessageDelivery", "true"));
        await _sns.Subscribe(topic, "sqs", all.Arn, ("RawMessageDelivery", "true"));

        await _sns.Publish(topic, "blue one", [("colour", "String", "blue")]);
        await _sns.Publish(topic, "red one", [("colour", "String", "red")]);

        Assert.Equal(["blue one", "red one"], (await ReceiveAll(all.Url, 2)).Select(m => m.Body).Order());
        Assert.Equal("red one", Assert.Single(await ReceiveAll(red.Url, 1)).Body);
        Assert.Empty((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = red.Url, WaitTimeSeconds = 1 })).Messages ?? []);
    }

    [Fact]
    public async Task A_fifo_topic_keeps_each_groups_order_into_a_fifo_queue_and_returns_sequence_numbers()
    {
        var topic = await _sns.CreateTopic(Unique.Name("ordered") + ".fifo", ("FifoTopic", "true"));
        var (url, arn) = await NewQueue("ordered", fifo: true);
        await _sns.Subscribe(topic, "sqs", arn, ("RawMessageDelivery", "true"));

        var sequenceNumbers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var result = await _sns.Call("Publish", ("TopicArn", topic), ("Message", $"g{i % 2}-{i:D2}"),
                ("MessageGroupId", $"g{i % 2}"), ("MessageDeduplicationId", $"d{i}"));
            sequenceNumbers.Add(SnsQuery.Value(result, "SequenceNumber"));
        }
        Assert.Equal(sequenceNumbers.Order(StringComparer.Ordinal), sequenceNumbers);

        var bodies = new List<string>();
        while (bodies.Count < 20)
        {
            var received = await ReceiveAll(url, 1);
            bodies.AddRange(received.Select(m => m.Body));
            foreach (var m in received) await _sqs.DeleteMessageAsync(url, m.ReceiptHandle);
        }
        foreach (var group in new[] { "g0", "g1" })
        {
            var inGroup = bodies.Where(b => b.StartsWith(group)).ToList();
            Assert.Equal(inGroup.Order(StringComparer.Ordinal), inGroup);
            Assert.Equal(10, inGroup.Count);
        }
    }

    [Fact]
    public async Task An_http_subscriber_confirms_by_opening_the_subscribe_url_and_then_gets_signed_notifications()
    {
        await using var subscriber = await HttpSubscriber.Start();
        var topic = await _sns.CreateTopic(Unique.Name("web"), ("SignatureVersion", "2"));
        var pending = SnsQuery.Value(await _sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", subscriber.Url)), "SubscriptionArn");
        Assert.Equal("pending confirmation", pending);

        var confirmation = await subscriber.Next("SubscriptionConfirmation");
        Assert.Equal("SubscriptionConfirmation", confirmation.Headers["x-amz-sns-message-type"]);
        Assert.Equal(topic, confirmation.Headers["x-amz-sns-topic-arn"]);
        var request = JsonDocument.Parse(confirmation.Body).RootElement;
        Assert.Equal(confirmation.Headers["x-amz-sns-message-id"], request.GetProperty("MessageId").GetString());
        await AssertSignatureVerifies(request);

        // What a subscriber's code does: GET the SubscribeURL.
        var confirmed = await Http.GetStringAsync(request.GetProperty("SubscribeURL").GetString());
        Assert.Contains("<SubscriptionArn>" + topic + ":", confirmed);

        var messageId = await _sns.Publish(topic, "hello web", [("k", "String", "v")]);
        var notification = await subscriber.Next("Notification");
        Assert.Equal("Notification", notification.Headers["x-amz-sns-message-type"]);
        Assert.Equal(messageId, notification.Headers["x-amz-sns-message-id"]);
        Assert.StartsWith(topic + ":", notification.Headers["x-amz-sns-subscription-arn"]);
        Assert.StartsWith("text/plain", notification.Headers["content-type"]);
        var envelope = JsonDocument.Parse(notification.Body).RootElement;
        Assert.Equal("hello web", envelope.GetProperty("Message").GetString());
        Assert.Equal("2", envelope.GetProperty("SignatureVersion").GetString());
        await AssertSignatureVerifies(envelope);
    }

    [Fact]
    public async Task An_http_subscriber_failing_with_5xx_is_retried_by_its_delivery_policy_and_a_4xx_counts_as_delivered()
    {
        await using var subscriber = await HttpSubscriber.Start(200, 500, 503, 200, 404);
        var topic = await _sns.CreateTopic(Unique.Name("retry"));
        var policy = """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 3, "backoffFunction": "linear"}}""";
        await _sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", subscriber.Url),
            ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", policy),
            ("Attributes.entry.2.key", "RawMessageDelivery"), ("Attributes.entry.2.value", "true"));
        var token = JsonDocument.Parse((await subscriber.Next("SubscriptionConfirmation")).Body).RootElement.GetProperty("Token").GetString()!;
        await _sns.Call("ConfirmSubscription", ("TopicArn", topic), ("Token", token));

        await _sns.Publish(topic, "try again");
        var first = await subscriber.Next("first attempt");
        var second = await subscriber.Next("first retry");
        var third = await subscriber.Next("second retry");
        Assert.Equal(["try again", "try again", "try again"], new[] { first.Body, second.Body, third.Body });
        Assert.Equal("true", first.Headers["x-amz-sns-rawdelivery"]);
        // minDelayTarget 1 s: each retry a second after the failure before it.
        Assert.InRange((second.At - first.At).TotalSeconds, 0.8, 5);
        Assert.InRange((third.At - second.At).TotalSeconds, 0.8, 5);
        Assert.False(await subscriber.GetsMore(TimeSpan.FromSeconds(2.5)), "delivered at the third attempt, nothing more comes");

        await _sns.Publish(topic, "not found is final");
        Assert.Equal("not found is final", (await subscriber.Next("the 404 attempt")).Body);
        Assert.False(await subscriber.GetsMore(TimeSpan.FromSeconds(2.5)), "a 4xx answer is not retried");
    }

    [Fact]
    public async Task Retries_exhausted_move_the_message_to_the_subscriptions_dead_letter_queue()
    {
        await using var subscriber = await HttpSubscriber.Start(200, 500, 500, 500);
        var topic = await _sns.CreateTopic(Unique.Name("dlq"));
        var dlq = await NewQueue("sns-dlq");
        var policy = """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 2}}""";
        var arn = SnsQuery.Value(await _sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", subscriber.Url), ("ReturnSubscriptionArn", "true"),
            ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", policy),
            ("Attributes.entry.2.key", "RedrivePolicy"), ("Attributes.entry.2.value", $"{{\"deadLetterTargetArn\": \"{dlq.Arn}\"}}")), "SubscriptionArn");
        var token = JsonDocument.Parse((await subscriber.Next("SubscriptionConfirmation")).Body).RootElement.GetProperty("Token").GetString()!;
        await _sns.Call("ConfirmSubscription", ("TopicArn", topic), ("Token", token));

        var messageId = await _sns.Publish(topic, "undeliverable");
        await _sns.Publish(topic, "next in line");
        for (var attempt = 1; attempt <= 3; attempt++) Assert.Contains("undeliverable", (await subscriber.Next($"attempt {attempt}")).Body);
        // Only the message that ran out of retries is dead-lettered; the next one gets its own attempts, and succeeds.
        Assert.Contains("next in line", (await subscriber.Next("the next message")).Body);
        var dead = Assert.Single(await ReceiveAll(dlq.Url, 1));
        Assert.Equal(messageId, JsonDocument.Parse(dead.Body).RootElement.GetProperty("MessageId").GetString());
        Assert.Empty((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq.Url, WaitTimeSeconds = 1 })).Messages ?? []);
        Assert.False(await subscriber.GetsMore(TimeSpan.FromSeconds(2)));
        Assert.Contains(arn, (await _sns.Call("ListSubscriptionsByTopic", ("TopicArn", topic))).ToString());
    }

    [Fact]
    public async Task Delivery_to_a_deleted_queue_goes_to_the_dead_letter_queue()
    {
        var topic = await _sns.CreateTopic(Unique.Name("gone"));
        var doomed = await NewQueue("doomed");
        var dlq = await NewQueue("doomed-dlq");
        await _sns.Subscribe(topic, "sqs", doomed.Arn, ("RedrivePolicy", $"{{\"deadLetterTargetArn\": \"{dlq.Arn}\"}}"));
        await _sqs.DeleteQueueAsync(doomed.Url);

        var messageId = await _sns.Publish(topic, "nowhere to go");
        var dead = Assert.Single(await ReceiveAll(dlq.Url, 1));
        Assert.Equal(messageId, JsonDocument.Parse(dead.Body).RootElement.GetProperty("MessageId").GetString());
    }

    [Fact]
    public async Task A_throttle_policy_spaces_the_posts_to_an_http_subscriber()
    {
        await using var subscriber = await HttpSubscriber.Start();
        var topic = await _sns.CreateTopic(Unique.Name("throttled"));
        var policy = """{"throttlePolicy": {"maxReceivesPerSecond": 2}}""";
        await _sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", subscriber.Url),
            ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", policy));
        var token = JsonDocument.Parse((await subscriber.Next("SubscriptionConfirmation")).Body).RootElement.GetProperty("Token").GetString()!;
        await _sns.Call("ConfirmSubscription", ("TopicArn", topic), ("Token", token));

        for (var i = 0; i < 5; i++) await _sns.Publish(topic, $"m{i}");
        var posts = new List<HttpSubscriber.Received>();
        for (var i = 0; i < 5; i++) posts.Add(await subscriber.Next($"notification {i}"));
        // Two a second: each post starts half a second after the one before. An arrival's own lag (the first on a
        // new connection, one held up on a loaded machine) shortens only the gap that follows it, so at least
        // three of the four gaps show the spacing; unthrottled, all five arrive within milliseconds.
        var gaps = posts.Zip(posts.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.True(gaps.Count(g => g >= 0.45) >= 3, $"gaps between posts: {string.Join(", ", gaps.Select(g => g.ToString("F2")))} s");
    }

    [Fact]
    public async Task A_throttle_policy_holds_across_a_topic_that_falls_idle_between_publishes()
    {
        await using var subscriber = await HttpSubscriber.Start();
        var topic = await _sns.CreateTopic(Unique.Name("throttled-idle"));
        var policy = """{"throttlePolicy": {"maxReceivesPerSecond": 2}}""";
        await _sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", subscriber.Url),
            ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", policy));
        var token = JsonDocument.Parse((await subscriber.Next("SubscriptionConfirmation")).Body).RootElement.GetProperty("Token").GetString()!;
        await _sns.Call("ConfirmSubscription", ("TopicArn", topic), ("Token", token));

        // Each message is published only once the one before has arrived, so the subscription has nothing
        // pending in between: the rate still holds, each post half a second after the one before.
        var posts = new List<HttpSubscriber.Received>();
        for (var i = 0; i < 4; i++)
        {
            await _sns.Publish(topic, $"m{i}");
            posts.Add(await subscriber.Next($"notification {i}"));
        }
        var gaps = posts.Zip(posts.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.True(gaps.Count(g => g >= 0.45) >= 2, $"gaps between posts: {string.Join(", ", gaps.Select(g => g.ToString("F2")))} s");
    }

    [Fact]
    public async Task Opening_the_unsubscribe_url_of_a_notification_ends_the_subscription()
    {
        var topic = await _sns.CreateTopic(Unique.Name("leave"));
        var (url, arn) = await NewQueue("leave");
        var subscription = await _sns.Subscribe(topic, "sqs", arn);
        await _sns.Publish(topic, "last one");
        var envelope = JsonDocument.Parse(Assert.Single(await ReceiveAll(url, 1)).Body).RootElement;

        var answer = await Http.GetAsync(envelope.GetProperty("UnsubscribeURL").GetString());
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        var gone = await Assert.ThrowsAsync<SnsError>(() => _sns.Call("GetSubscriptionAttributes", ("SubscriptionArn", subscription)));
        Assert.Equal("NotFound", gone.Code);
    }

    [Fact]
    public async Task Errors_come_back_in_the_sns_shapes()
    {
        var missing = await Assert.ThrowsAsync<SnsError>(() => _sns.Publish("arn:aws:sns:us-east-1:000000000000:" + Unique.Name("missing"), "m"));
        Assert.Equal(("NotFound", 404), (missing.Code, missing.Status));
        var invalid = await Assert.ThrowsAsync<SnsError>(() => _sns.CreateTopic("bad name!"));
        Assert.Equal(("InvalidParameter", 400), (invalid.Code, invalid.Status));
        var unknown = await Assert.ThrowsAsync<SnsError>(() => _sns.Call("NoSuchAction"));
        Assert.Equal("InvalidAction", unknown.Code);
        var topic = await _sns.CreateTopic(Unique.Name("errors"));
        var batch = await Assert.ThrowsAsync<SnsError>(() => _sns.Call("PublishBatch", ("TopicArn", topic)));
        Assert.Equal("EmptyBatchRequest", batch.Code);
    }

    [Fact]
    public async Task Topics_and_subscriptions_list_and_unsubscribe_removes_the_subscription()
    {
        var name = Unique.Name("listed");
        var topic = await _sns.CreateTopic(name);
        var (_, arn) = await NewQueue("listed");
        var subscription = await _sns.Subscribe(topic, "sqs", arn);
        Assert.Contains(topic, (await _sns.Call("ListTopics")).ToString());
        Assert.Contains(subscription, (await _sns.Call("ListSubscriptions")).ToString());

        var attributes = SnsQuery.Attributes(await _sns.Call("GetSubscriptionAttributes", ("SubscriptionArn", subscription)));
        Assert.Equal(arn, attributes["Endpoint"]);
        Assert.Equal("false", attributes["RawMessageDelivery"]);

        await _sns.Call("Unsubscribe", ("SubscriptionArn", subscription));
        Assert.DoesNotContain(subscription, (await _sns.Call("ListSubscriptionsByTopic", ("TopicArn", topic))).ToString());
        await _sns.Call("DeleteTopic", ("TopicArn", topic));
        Assert.DoesNotContain(topic, (await _sns.Call("ListTopics")).ToString());
    }
}
