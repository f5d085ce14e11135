using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// The short chaos run: producers and consumers drive a standard and a FIFO queue through the api node
/// of zone c while the active broker is killed, then the new active's whole zone (broker and api node),
/// each brought back after its failover (the broker as the standby).
/// A history checker then verifies every acknowledged send was received, no acknowledged delete came
/// back, each FIFO group was first delivered in send order, and each FIFO body, however often its producer
/// retried it, was stored once; it reports duplicates and failover times.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ChaosTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    const int Groups = 4;
    /// <summary>The long run by hand: SHOAL_CHAOS_KILLS=20 (and SHOAL_CHAOS_MODE=active-active) with this test's filter.</summary>
    static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("SHOAL_CHAOS_KILLS"), out var kills) ? kills : 2;
    static readonly string Mode = Environment.GetEnvironmentVariable("SHOAL_CHAOS_MODE") ?? "active-standby";
    /// <summary>What each kill takes down: "broker" (the active), "zone" (its zone: the broker and the zone's api node) or "mixed" (in turn).</summary>
    static readonly string KillKind = Environment.GetEnvironmentVariable("SHOAL_CHAOS_KILL") ?? "mixed";
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-chaos-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    readonly List<NodeProcess> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    async Task<NodeProcess> Start(string name, string role, string zone, int clusterPort)
    {
        var node = await NodeProcess.Start(Path.Combine(_dataDir, name), null,
            [.. ClusterMember.Args(role, zone, Mode, clusterPort, (_portA, _portB), postgres.ConnectionString),
             "--Logging:LogLevel:Akka=Information"]);
        _nodes.Add(node);
        return node;
    }

    /// <summary>What the clients saw: acknowledged sends and deletes, and every receive, with when.</summary>
    sealed class History
    {
        public readonly ConcurrentDictionary<string, string> Sent = new();          // MessageId → body
        public readonly ConcurrentDictionary<string, DateTime> Deleted = new();     // MessageId → first delete acknowledged in time
        public int LateDeletes;
        public readonly DateTime Started = DateTime.UtcNow;
        public readonly ConcurrentQueue<DateTime> Kills = new();
        public string Since(DateTime at) => $"+{(at - Started).TotalSeconds:F1}s";
        public readonly ConcurrentQueue<(string MessageId, string Body, DateTime At)> Received = new();
        public int Errors;
    }

    [Fact]
    public async Task Acknowledged_messages_survive_repeated_failovers_under_load_and_fifo_groups_keep_their_order()
    {
        string[] zones = ["zone-a", "zone-b"];
        int[] brokerPorts = [_portA, _portB];
        NodeProcess[] brokers = [await Start("a0", "broker", zones[0], _portA), await Start("b0", "broker", zones[1], _portB)];
        // Each broker's zone also has an api node, which a zone kill takes down with it; clients use zone c's.
        NodeProcess[] zoneApis = [await Start("api-a0", "api", zones[0], FreePort.Next()), await Start("api-b0", "api", zones[1], FreePort.Next())];
        var api = await Start("api", "api", "zone-c", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);
        var standard = (await sqs.CreateQueueAsync(Unique.Name("chaos"))).QueueUrl;
        var fifo = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Unique.Name("chaos") + ".fifo",
            Attributes = new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "false" },
        })).QueueUrl;
        var history = new History();

        using var stop = new CancellationTokenSource();
        var clients = new List<Task>
        {
            Task.Run(() => Produce(sqs, standard, "s0", null, history, stop.Token)),
            Task.Run(() => Produce(sqs, standard, "s1", null, history, stop.Token)),
            Task.Run(() => Produce(sqs, fifo, "f", Groups, history, stop.Token)),
            Task.Run(() => Consume(sqs, standard, history, stop.Token)),
            Task.Run(() => Consume(sqs, fifo, history, stop.Token)),
        };

        var failovers = new List<TimeSpan>();
        try
        {
            // Kill the active (the oldest broker: A first), or its whole zone, let the other take over, bring the
            // killed nodes back (the broker as the standby), and kill the new active in turn.
            for (var kill = 0; kill < Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                var victim = kill % 2;
                var wholeZone = KillKind == "zone" || (KillKind == "mixed" && kill % 2 == 1);
                NodeProcess[] victims = wholeZone ? [brokers[victim], zoneApis[victim]] : [brokers[victim]];
                history.Kills.Enqueue(DateTime.UtcNow);
                failovers.Add(await KillAndWaitUntilServed(victims, sqs, standard, [brokers[1 - victim], api]));
                if (kill == Kills - 1) continue;
                var generation = $"{zones[victim][^1]}{kill + 1}";
                brokers[victim] = await Start(generation, "broker", zones[victim], brokerPorts[victim]);
                if (wholeZone) zoneApis[victim] = await Start($"api-{generation}", "api", zones[victim], FreePort.Next());
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(clients);
        }
        // Drain what is left; in-flight messages turn visible again within their 10 s visibility timeout.
        await Drain(sqs, standard, history);
        await Drain(sqs, fifo, history);

        var report = Check(history);
        var sorted = failovers.Order().ToList();
        output.WriteLine($"{Mode}, {Kills} kills ({KillKind}); failovers (kill → first successful request through the api node): " +
            $"{string.Join(", ", failovers.Select(t => $"{t.TotalSeconds:F1}s"))}; median {sorted[sorted.Count / 2].TotalSeconds:F1}s, max {sorted[^1].TotalSeconds:F1}s");
        output.WriteLine($"acknowledged sends {history.Sent.Count}, deletes {history.Deleted.Count}, receives {history.Received.Count}, " +
            $"duplicates {report.Duplicates}, client errors {history.Errors}, " +
            $"deletes acknowledged after their receipt expired {history.LateDeletes}");
        Assert.True(report.Lost.Count == 0, $"{report.Lost.Count} acknowledged messages never received, e.g. {string.Join(", ", report.Lost.Take(5))}");
        Assert.True(report.Resurrected.Count == 0, $"{report.Resurrected.Count} messages received after their delete was acknowledged: {string.Join(", ", report.Resurrected.Take(5))}");
        Assert.True(report.OutOfOrder.Count == 0, $"FIFO order broken: {string.Join("; ", report.OutOfOrder.Take(5))}");
        Assert.True(report.DedupBroken.Count == 0, $"FIFO deduplication broken: {string.Join("; ", report.DedupBroken.Take(5))}");
        Assert.True(history.Sent.Count > 100, "the load kept going around the failovers");
    }

    static async Task<TimeSpan> KillAndWaitUntilServed(NodeProcess[] victims, AmazonSQSClient sqs, string queueUrl, NodeProcess[] survivors)
    {
        var clock = Stopwatch.StartNew();
        var killedAt = DateTime.UtcNow;
        foreach (var victim in victims) victim.KillHard();
        while (true)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                Assert.Fail("not served again 90 s after the kill; the survivors logged:\n" + string.Join("\n",
                    survivors.SelectMany(n => n.LogSince(killedAt, "")).OrderBy(e => e.At).Take(200)
                        .Select(e => $"+{(e.At - killedAt).TotalMilliseconds:F0} ms {e.Line}")) +
                    "\nand, since they started, about the lease:\n" + string.Join("\n",
                    survivors.SelectMany(n => n.LogSince(DateTime.MinValue, "Lease", "lease")).OrderBy(e => e.At)
                        .Select(e => $"{(e.At - killedAt).TotalMilliseconds:F0} ms {e.Line}")));
            try
            {
                await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"]);
                return clock.Elapsed;
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>
    /// Sends numbered bodies; on a FIFO queue spread over groups, each body naming its group and its place in it.
    /// A standard producer moves on after a failed send (its outcome unknown, so nothing was promised); a FIFO
    /// producer sends the same body with the same deduplication id again until it is acknowledged, as FIFO
    /// producers do, so deduplication across the failover is put to the test.
    /// </summary>
    static async Task Produce(AmazonSQSClient sqs, string queueUrl, string producer, int? groups, History history, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested;)
        {
            var group = groups is { } g ? $"g{n % g}" : null;
            var body = group is null ? $"{producer}-{n}" : $"{group}/{n / groups!.Value:D6}";
            try
            {
                var sent = await sqs.SendMessageAsync(new SendMessageRequest
                {
                    QueueUrl = queueUrl, MessageBody = body, MessageGroupId = group,
                    MessageDeduplicationId = group is null ? null : body,
                });
                history.Sent[sent.MessageId] = body;
                n++;
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref history.Errors);
                if (group is null) n++;
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    static async Task Consume(AmazonSQSClient sqs, string queueUrl, History history, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var asked = DateTime.UtcNow;
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 10, WaitTimeSeconds = 1 });
                foreach (var message in batch.Messages ?? [])
                {
                    history.Received.Enqueue((message.MessageId, message.Body, DateTime.UtcNow));
                    await Delete(sqs, queueUrl, message, asked + TimeSpan.FromSeconds(10), history);
                }
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref history.Errors);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    static async Task Drain(AmazonSQSClient sqs, string queueUrl, History history)
    {
        var quietSince = Stopwatch.StartNew();
        while (quietSince.Elapsed < TimeSpan.FromSeconds(12))
        {
            var asked = DateTime.UtcNow;
            var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 60, WaitTimeSeconds = 2 });
            foreach (var message in batch.Messages ?? [])
            {
                history.Received.Enqueue((message.MessageId, message.Body, DateTime.UtcNow));
                await Delete(sqs, queueUrl, message, asked + TimeSpan.FromSeconds(60), history);
                quietSince.Restart();
            }
        }
    }

    /// <summary>
    /// A delete promises the message is gone only if it took effect before the receipt expired: a standard
    /// queue accepts a late delete (its receipt handle is stale once the message was received again) without
    /// deleting the message, as SQS does. The receipt lasts the visibility timeout from the receive, which
    /// the server handled after <c>asked</c>, so an acknowledgement before <paramref name="receiptExpires"/>
    /// proves the delete was in time.
    /// </summary>
    static async Task Delete(AmazonSQSClient sqs, string queueUrl, Message message, DateTime receiptExpires, History history)
    {
        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
        var acknowledged = DateTime.UtcNow;
        if (acknowledged < receiptExpires) history.Deleted.TryAdd(message.MessageId, acknowledged);
        else Interlocked.Increment(ref history.LateDeletes);
    }

    sealed record Report(List<string> Lost, List<string> Resurrected, List<string> OutOfOrder, List<string> DedupBroken, int Duplicates);

    static Report Check(History history)
    {
        var received = history.Received.ToList();
        var receivedIds = received.Select(r => r.MessageId).ToHashSet();
        var lost = history.Sent.Keys.Where(id => !receivedIds.Contains(id)).Select(id => $"{id} ({history.Sent[id]})").ToList();
        var resurrected = received
            .Where(r => history.Deleted.TryGetValue(r.MessageId, out var deletedAt) && r.At > deletedAt)
            .Select(r => $"{r.MessageId} ({r.Body}) received at " +
                string.Join(", ", received.Where(o => o.MessageId == r.MessageId).Select(o => history.Since(o.At))) +
                $", delete acknowledged at {history.Since(history.Deleted[r.MessageId])}; kills at {string.Join(", ", history.Kills.Select(history.Since))}")
            .ToList();
        // FIFO: the first deliveries of each group's messages come in the order they were numbered.
        var outOfOrder = new List<string>();
        var firstSeen = new HashSet<string>();
        var lastPerGroup = new Dictionary<string, string>();
        foreach (var (id, body, _) in received)
        {
            if (!body.StartsWith('g') || !firstSeen.Add(id)) continue;
            var group = body[..body.IndexOf('/')];
            if (lastPerGroup.TryGetValue(group, out var last) && string.CompareOrdinal(body, last) < 0)
                outOfOrder.Add($"{body} after {last}");
            lastPerGroup[group] = body;
        }
        // FIFO deduplication: each body went in under one deduplication id, however often it was sent, so it
        // must have been stored once: one MessageId per body.
        var dedupBroken = received.Where(r => r.Body.StartsWith('g')).GroupBy(r => r.Body)
            .Where(copies => copies.Select(r => r.MessageId).Distinct().Count() > 1)
            .Select(copies => $"{copies.Key} stored as {string.Join(", ", copies.Select(r => r.MessageId).Distinct())}").ToList();
        return new Report(lost, resurrected, outOfOrder, dedupBroken, received.Count - receivedIds.Count);
    }
}
