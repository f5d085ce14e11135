using System.Collections.Concurrent;
using System.Diagnostics;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Kinesis on the cluster: stream shards live on the brokers, producers reach them through an api-only node. When
/// the active broker is killed under PutRecords load, the standby recovers each shard's log from the shared journal:
/// every record that got a sequence number is read back, in sequence order, through the same endpoint.
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
}
