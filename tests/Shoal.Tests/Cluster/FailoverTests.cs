using System.Diagnostics;
using Amazon.SQS.Model;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Active-active on a shared PostgreSQL journal: a broker killed with SIGKILL hands its queues to
/// the surviving broker, behind the same api endpoint, and no acknowledged message is lost.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class FailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    string[] Member(string role, int clusterPort) =>
    [
        "--Shoal:Node:Roles:0", role, "--Shoal:Cluster:Port", clusterPort.ToString(),
        "--Shoal:Cluster:Seeds:0", $"akka.tcp://shoal@127.0.0.1:{_portA}", "--Shoal:Cluster:Seeds:1", $"akka.tcp://shoal@127.0.0.1:{_portB}",
        "--Shoal:Storage:Provider", "postgres", "--Shoal:Storage:ConnectionString", postgres.ConnectionString,
    ];

    Task<NodeProcess> Start(string name, string role, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null, Member(role, clusterPort));

    [Fact]
    public async Task Killed_broker_hands_its_queues_to_the_survivor_and_no_acknowledged_message_is_lost()
    {
        using var brokerA = await Start("a", "broker", _portA);
        using var api = await Start("api", "api", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);

        // Every queue starts on broker A: it is the only broker yet.
        var acknowledged = new Dictionary<string, HashSet<string>>();
        for (var q = 0; q < 6; q++)
        {
            var url = (await sqs.CreateQueueAsync(Unique.Name($"failover{q}"))).QueueUrl;
            acknowledged[url] = [];
            for (var m = 0; m < 20; m++) acknowledged[url].Add((await sqs.SendMessageAsync(url, $"m{m}")).MessageId);
        }
        using var brokerB = await Start("b", "broker", _portB);

        var clock = Stopwatch.StartNew();
        brokerA.KillHard();
        var recoveredAfter = new List<TimeSpan>();
        foreach (var url in acknowledged.Keys)
        {
            while (true)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{url} still unavailable {clock.Elapsed} after the kill");
                try
                {
                    acknowledged[url].Add((await sqs.SendMessageAsync(url, "after")).MessageId);
                    recoveredAfter.Add(clock.Elapsed);
                    break;
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(250); // 503 while the shard moves: the SDKs retry the same way
                }
            }
        }
        output.WriteLine($"first successful send per queue after the kill: {string.Join(", ", recoveredAfter.Select(t => $"{t.TotalSeconds:F1}s"))}");

        foreach (var (url, sent) in acknowledged)
        {
            var received = new HashSet<string>();
            while (true)
            {
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 600, WaitTimeSeconds = 1 });
                if (batch.Messages is not { Count: > 0 }) break;
                foreach (var message in batch.Messages) received.Add(message.MessageId);
            }
            Assert.True(sent.IsSubsetOf(received), $"{url}: {sent.Except(received).Count()} of {sent.Count} acknowledged messages lost");
        }
    }
}
