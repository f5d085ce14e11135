using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// A topic's outbox across kill -9: a Publish is acknowledged once the message and its recipients are
/// journaled, so a node killed in the middle of a fan-out delivers, after its restart, every acknowledged
/// message to every subscriber, including an HTTP endpoint that was failing when the node died.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class TopicOutboxCrashTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-outbox-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Every_acknowledged_publish_reaches_every_subscriber_after_kill_9_mid_fan_out()
    {
        await using var web = await HttpSubscriber.Start(200);
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var queueNames = Enumerable.Range(0, 3).Select(i => Unique.Name($"outbox-{i}")).ToList();
        string topic;
        var firstLog = new List<string>();

        using (var node = await NodeProcess.Start(_dataDir))
        {
            var sns = new SnsQuery(node.Endpoint);
            var sqs = Sqs.Client(node.Endpoint);
            topic = await sns.CreateTopic(Unique.Name("outbox"));
            foreach (var name in queueNames)
            {
                await sqs.CreateQueueAsync(name);
                await sns.Subscribe(topic, "sqs", $"arn:aws:sqs:us-east-1:000000000000:{name}", ("RawMessageDelivery", "true"));
            }
            // The HTTP subscriber confirms, then fails every delivery until after the restart: its messages can only
            // arrive if the outbox kept them. Retries every second, plenty of them.
            var policy = """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 100}}""";
            await sns.Call("Subscribe", ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", web.Url),
                ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", policy),
                ("Attributes.entry.2.key", "RawMessageDelivery"), ("Attributes.entry.2.value", "true"));
            var token = JsonDocument.Parse((await web.Next("SubscriptionConfirmation")).Body).RootElement.GetProperty("Token").GetString()!;
            web.DefaultStatus = 500;
            await sns.Call("ConfirmSubscription", ("TopicArn", topic), ("Token", token));

            using var stop = new CancellationTokenSource();
            var publishers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var body = $"p{p}-{i}";
                    try
                    {
                        await sns.Publish(topic, body);
                        acknowledged[body] = true;
                    }
                    catch (Exception)
                    {
                        return; // the node is gone; an unacknowledged publish may or may not have been stored
                    }
                }
            })).ToList();
            await Task.Delay(2000);
            node.KillHard();
            stop.Cancel();
            await Task.WhenAll(publishers);
            firstLog.AddRange(node.LogSince(DateTime.MinValue, "Topic", "fail", "xception").Take(10).Select(l => l.Line));
        }
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} publishes were acknowledged before the kill");

        web.DefaultStatus = 200;
        using var restarted = await NodeProcess.Start(_dataDir, null, "--Logging:LogLevel:Default=Information");
        var client = Sqs.Client(restarted.Endpoint);
        foreach (var name in queueNames)
        {
            var url = $"{restarted.Endpoint}/000000000000/{name}";
            var bodies = new HashSet<string>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!acknowledged.Keys.All(bodies.Contains) && DateTime.UtcNow < deadline)
            {
                var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
                foreach (var message in received.Messages ?? []) bodies.Add(message.Body);
            }
            var missing = acknowledged.Keys.Where(b => !bodies.Contains(b)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged publishes never reached {name}, e.g. {string.Join(", ", missing.Take(5))}; " +
                $"before the kill the node said: {string.Join(" | ", firstLog)}; the restarted node said: {string.Join(" | ", restarted.LogSince(DateTime.MinValue, "opic", "fail", "xception", "Woke").Take(30).Select(l => l.Line))}");
        }

        var posted = new HashSet<string>();
        var webDeadline = DateTime.UtcNow.AddSeconds(120);
        while (!acknowledged.Keys.All(posted.Contains) && DateTime.UtcNow < webDeadline)
        {
            try
            {
                posted.Add((await web.Next("a notification", TimeSpan.FromSeconds(10))).Body);
            }
            catch (Xunit.Sdk.XunitException)
            {
                break;
            }
        }
        var unposted = acknowledged.Keys.Where(b => !posted.Contains(b)).ToList();
        Assert.True(unposted.Count == 0, $"{unposted.Count} of {acknowledged.Count} acknowledged publishes never reached the HTTP subscriber, e.g. {string.Join(", ", unposted.Take(5))}");
    }
}
