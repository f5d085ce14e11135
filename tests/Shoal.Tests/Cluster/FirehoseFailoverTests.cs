using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Firehose on the cluster: delivery streams live on the brokers, producers reach them through an api-only node.
/// When the active broker is killed under PutRecordBatch load, the standby recovers each delivery stream's buffer
/// from the shared journal and, woken by the broker's departure, delivers every acknowledged record to the HTTP
/// endpoint: at least once, as Firehose promises.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class FirehoseFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-firehose-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null, ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString));

    [Fact]
    public async Task Every_acknowledged_record_reaches_the_http_endpoint_after_the_active_broker_is_killed()
    {
        await using var endpoint = await HttpReceiver.Start(received =>
            (200, JsonSerializer.Serialize(new { requestId = received.Headers["x-amz-firehose-request-id"], timestamp = 1 })));
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var name = Unique.Name("fh-failover");
        await FirehoseJson.CreateActive(api.Endpoint, name, new()
        {
            ["HttpEndpointDestinationConfiguration"] = new
            {
                EndpointConfiguration = new { Url = endpoint.Url, Name = "receiver" },
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 1 },
                RetryOptions = new { DurationInSeconds = 60 },
                S3Configuration = FirehoseJson.S3("b-" + name.ToLowerInvariant(), "backup/", 60),
            },
        });

        var delivered = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpReceiver.Received post;
                try
                {
                    post = await endpoint.Next("delivery", TimeSpan.FromSeconds(1));
                }
                catch (Xunit.Sdk.XunitException)
                {
                    continue;
                }
                foreach (var record in JsonDocument.Parse(post.Body).RootElement.GetProperty("records").EnumerateArray())
                    delivered.AddOrUpdate(Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("data").GetString()!)), 1, (_, n) => n + 1);
            }
        });

        var acknowledged = new ConcurrentBag<string>();
        using var producing = new CancellationTokenSource();
        var producers = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (var round = 0; !producing.IsCancellationRequested; round++)
            {
                var records = Enumerable.Range(0, 10).Select(r => $"p{p}-{round}-{r}").ToList();
                try
                {
                    var reply = await FirehoseJson.Call(api.Endpoint, "PutRecordBatch",
                        new { DeliveryStreamName = name, Records = records.Select(r => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(r)) }) });
                    var results = reply.GetProperty("RequestResponses").EnumerateArray().ToList();
                    for (var r = 0; r < records.Count; r++)
                        if (results[r].TryGetProperty("RecordId", out _) && !results[r].TryGetProperty("ErrorCode", out _)) acknowledged.Add(records[r]);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100); // unknown outcome during the switch: not acknowledged, so not promised
                }
            }
        })).ToList();
        var clock = Stopwatch.StartNew();
        while (acknowledged.Count < 200 || delivered.IsEmpty)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"before the kill: {acknowledged.Count} acknowledged, {delivered.Count} delivered");
            await Task.Delay(100);
        }

        var before = acknowledged.Count;
        clock.Restart();
        active.KillHard();
        while (acknowledged.Count <= before + 100)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "PutRecordBatch did not come back within 90 s of the kill");
            await Task.Delay(100);
        }
        var writable = clock.Elapsed;
        producing.Cancel();
        await Task.WhenAll(producers);

        await Eventually.Holds(() =>
        {
            var missing = acknowledged.Where(r => !delivered.ContainsKey(r)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged records not delivered, e.g. {string.Join(", ", missing.Take(5))}");
            return Task.CompletedTask;
        }, seconds: 90);
        output.WriteLine($"kill -9 of the active → PutRecordBatch acknowledged again after about {writable.TotalSeconds:F1} s; every one of {acknowledged.Count} acknowledged records " +
            $"delivered {clock.Elapsed.TotalSeconds:F1} s after the kill, {delivered.Values.Count(n => n > 1)} of them more than once");
        stop.Cancel();
        await receiving;
    }
}
