using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS.Model;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// SNS on the cluster: topics live on the brokers, clients reach them through an api-only node. When the
/// active broker is killed in the middle of a fan-out, the standby recovers the topic from the shared journal
/// and, woken by the broker's departure (nobody publishes to it again), delivers every acknowledged message
/// to every subscribed queue.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class TopicFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-topic-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null, ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString));

    [Fact]
    public async Task A_topic_fanning_out_when_its_broker_is_killed_delivers_every_acknowledged_message_from_the_standby()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var sns = new SnsQuery(api.Endpoint);
        var sqs = Sqs.Client(api.Endpoint);

        var topic = await sns.CreateTopic(Unique.Name("cluster-fanout"));
        var queues = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var name = Unique.Name($"cluster-fanout-{i}");
            queues.Add((await sqs.CreateQueueAsync(name)).QueueUrl);
            await sns.Subscribe(topic, "sqs", $"arn:aws:sqs:us-east-1:000000000000:{name}", ("RawMessageDelivery", "true"));
        }
        // A second topic only to measure when publishing works again, so the first is woken by nothing but the failover.
        var probeTopic = await sns.CreateTopic(Unique.Name("cluster-probe"));

        var acknowledged = new ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource();
        var publishers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await sns.Publish(topic, $"p{p}-{i}");
                    acknowledged[$"p{p}-{i}"] = true;
                }
                catch (Exception e) when (e is SnsError or HttpRequestException or TaskCanceledException)
                {
                    // Unknown outcome: not acknowledged, so not promised.
                }
            }
        })).ToList();
        // Fan-out under way: at least 3 s and 100 acknowledged publishes (a loaded machine publishes slowly).
        var publishing = Stopwatch.StartNew();
        while (publishing.Elapsed < TimeSpan.FromSeconds(3) || (acknowledged.Count < 100 && publishing.Elapsed < TimeSpan.FromSeconds(30)))
            await Task.Delay(100);

        var clock = Stopwatch.StartNew();
        active.KillHard();
        stop.Cancel();
        await Task.WhenAll(publishers);
        while (true)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "publishing did not come back within 90 s of the kill");
            try
            {
                await sns.Publish(probeTopic, "probe");
                break;
            }
            catch (Exception e) when (e is SnsError or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(250);
            }
        }
        output.WriteLine($"kill -9 of the active → first successful publish through the api node: {clock.Elapsed.TotalSeconds:F1} s; {acknowledged.Count} publishes acknowledged before the kill");
        Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} publishes acknowledged in 30 s before the kill");

        foreach (var url in queues)
        {
            var bodies = new HashSet<string>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!acknowledged.Keys.All(bodies.Contains) && DateTime.UtcNow < deadline)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 600 });
                foreach (var message in received.Messages ?? []) bodies.Add(message.Body);
            }
            var missing = acknowledged.Keys.Where(b => !bodies.Contains(b)).ToList();
            Assert.True(missing.Count == 0, $"{url}: {missing.Count} of {acknowledged.Count} acknowledged publishes never arrived, e.g. {string.Join(", ", missing.Take(5))}");
        }
        output.WriteLine($"every queue got all {acknowledged.Count} acknowledged publishes {clock.Elapsed.TotalSeconds:F1} s after the kill");
    }
}
