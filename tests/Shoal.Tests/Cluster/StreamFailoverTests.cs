using System.Collections.Concurrent;
using System.Diagnostics;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Kinesis on the cluster: stream shards live on the brokers, producers reach them through an api-only node. When
/// the active broker is killed under PutRecords load, the standby recovers each shard's log from the shared journal:
/// every record that got a sequence number is read back, in sequence order, through the same endpoint; and an
/// enhanced fan-out subscription opened through the api node before the kill carries on after it.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class StreamFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-stream-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            [.. ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString), "--Shoal:Streams:Throughput", "relaxed"]);

    [Fact]
    public async Task Every_acknowledged_record_is_read_back_in_order_after_the_active_broker_is_killed()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var stream = Unique.Name("cluster-stream");
        await KinesisJson.CreateActiveStream(api.Endpoint, stream, shards: 2);

        var acknowledged = new ConcurrentDictionary<string, (string Shard, string Data)>();
        using var stop = new CancellationTokenSource();
        var producers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await KinesisJson.PutTen(api.Endpoint, stream, $"p{p}", i, acknowledged);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100); // unknown outcome during the switch: not acknowledged, so not promised
                }
            }
        })).ToList();
        var loading = Stopwatch.StartNew();
        while (loading.Elapsed < TimeSpan.FromSeconds(3) || (acknowledged.Count < 200 && loading.Elapsed < TimeSpan.FromSeconds(30)))
            await Task.Delay(100);

        var clock = Stopwatch.StartNew();
        var before = acknowledged.Count;
        active.KillHard();
        // Producers go on through the switch; wait until writes are acknowledged again.
        while (acknowledged.Count <= before + 50)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "PutRecords did not come back within 90 s of the kill");
            await Task.Delay(100);
        }
        output.WriteLine($"kill -9 of the active → PutRecords acknowledged again through the api node after {clock.Elapsed.TotalSeconds:F1} s; {before} records before the kill");
        stop.Cancel();
        await Task.WhenAll(producers);

        await KinesisJson.AssertEveryRecordReadBack(api.Endpoint, stream, acknowledged);
    }

    [Fact]
    public async Task A_subscription_through_the_api_node_delivers_every_acknowledged_record_in_order_across_the_kill_of_the_active_broker()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var stream = Unique.Name("cluster-efo");
        await KinesisJson.CreateActiveStream(api.Endpoint, stream, shards: 1);
        var streamArn = (await KinesisJson.Call(api.Endpoint, "DescribeStreamSummary", new { StreamName = stream }))
            .GetProperty("StreamDescriptionSummary").GetProperty("StreamARN").GetString()!;
        var consumerArn = (await KinesisJson.Call(api.Endpoint, "RegisterStreamConsumer", new { StreamARN = streamArn, ConsumerName = "through-failover" }))
            .GetProperty("Consumer").GetProperty("ConsumerARN").GetString()!;
        await Eventually.Holds(async () => Assert.Equal("ACTIVE", (await KinesisJson.Call(api.Endpoint, "DescribeStreamConsumer", new { ConsumerARN = consumerArn }))
            .GetProperty("ConsumerDescription").GetProperty("ConsumerStatus").GetString()));

        await using var subscription = await ShardSubscriber.Subscribe(api.Endpoint, consumerArn, "shardId-000000000000", new { Type = "TRIM_HORIZON" });
        using var stop = new CancellationTokenSource();
        Assert.Equal("initial-response", (await subscription.Next(stop.Token))?.Type);
        var received = new ConcurrentQueue<(string Sequence, string Data, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        string? ending = null;
        var reader = Task.Run(async () =>
        {
            while (await subscription.Next(stop.Token) is { } message)
            {
                if (message.Type != "SubscribeToShardEvent")
                {
                    ending = $"{message.MessageType} {message.Type}: {message.Payload}";
                    return;
                }
                foreach (var record in message.Payload.GetProperty("Records").EnumerateArray())
                    received.Enqueue((record.GetProperty("SequenceNumber").GetString()!,
                        System.Text.Encoding.UTF8.GetString(record.GetProperty("Data").GetBytesFromBase64()), clock.Elapsed));
            }
            ending = "the reply ended";
        });

        var acknowledged = new ConcurrentDictionary<string, (string Shard, string Data)>();
        using var producing = new CancellationTokenSource();
        var puts = new ConcurrentQueue<(TimeSpan Sent, TimeSpan Done)>();
        var producer = Task.Run(async () =>
        {
            for (var i = 0; !producing.IsCancellationRequested; i++)
            {
                try
                {
                    var sent = clock.Elapsed;
                    await KinesisJson.PutTen(api.Endpoint, stream, "p", i, acknowledged);
                    puts.Enqueue((sent, clock.Elapsed));
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100); // unknown outcome during the switch: not acknowledged, so not promised
                }
            }
        });
        while (acknowledged.Count < 100 || received.Count < 50)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"before the kill: {acknowledged.Count} acknowledged, {received.Count} received");
            await Task.Delay(100);
        }

        var beforeKill = acknowledged.Keys.ToHashSet();
        var killedAt = clock.Elapsed;
        active.KillHard();
        while (acknowledged.Count <= beforeKill.Count + 50)
        {
            Assert.True(clock.Elapsed - killedAt < TimeSpan.FromSeconds(90), "PutRecords did not come back within 90 s of the kill");
            await Task.Delay(100);
        }
        producing.Cancel();
        await producer;

        // The same subscription catches up with everything acknowledged, before and after the kill, once each, in order.
        await Eventually.Holds(() =>
        {
            Assert.True(ending is null, $"the subscription ended: {ending}");
            var got = received.Select(r => r.Sequence).ToHashSet();
            var missing = acknowledged.Keys.Count(k => !got.Contains(k));
            Assert.True(missing == 0, $"{missing} of {acknowledged.Count} acknowledged records not delivered by the subscription");
            return Task.CompletedTask;
        }, seconds: 60);
        var delivered = received.ToList();
        var sequences = delivered.Select(r => System.Numerics.BigInteger.Parse(r.Sequence)).ToList();
        Assert.True(sequences.Zip(sequences.Skip(1)).All(pair => pair.Item1 < pair.Item2), "records delivered out of order or twice");
        Assert.All(acknowledged, a => Assert.Equal(a.Value.Data, delivered.First(r => r.Sequence == a.Key).Data));
        var longestPut = puts.Max(p => p.Done - p.Sent);
        var longestPause = delivered.Zip(delivered.Skip(1), (a, b) => b.At - a.At).Max();
        output.WriteLine($"kill -9 of the active → the longest PutRecords took {longestPut.TotalSeconds:F1} s, the subscription's longest pause between records {longestPause.TotalSeconds:F1} s; " +
            $"{delivered.Count} delivered, {acknowledged.Count} acknowledged");
        stop.Cancel();
        await reader.ContinueWith(_ => { });
    }
}
