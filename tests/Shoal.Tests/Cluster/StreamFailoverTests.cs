using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.Json;
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
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            [.. ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString), "--Shoal:Streams:Throughput", "relaxed"]);

    static async Task<JsonElement> Call(string endpoint, string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", $"Kinesis_20131202.{action}");
        using var response = await Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Fact]
    public async Task Every_acknowledged_record_is_read_back_in_order_after_the_active_broker_is_killed()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var stream = Unique.Name("cluster-stream");
        await Call(api.Endpoint, "CreateStream", new { StreamName = stream, ShardCount = 2 });
        await Eventually.Holds(async () => Assert.Equal("ACTIVE", (await Call(api.Endpoint, "DescribeStreamSummary", new { StreamName = stream }))
            .GetProperty("StreamDescriptionSummary").GetProperty("StreamStatus").GetString()));

        var acknowledged = new ConcurrentDictionary<string, (string Shard, string Data)>();
        using var stop = new CancellationTokenSource();
        var producers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var records = Enumerable.Range(0, 10).Select(r => $"p{p}-{i}-{r}").ToList();
                try
                {
                    var reply = await Call(api.Endpoint, "PutRecords", new
                    {
                        StreamName = stream,
                        Records = records.Select(data => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)), PartitionKey = data }),
                    });
                    var results = reply.GetProperty("Records").EnumerateArray().ToList();
                    for (var r = 0; r < records.Count; r++)
                        if (results[r].TryGetProperty("SequenceNumber", out var sequence))
                            acknowledged[sequence.GetString()!] = (results[r].GetProperty("ShardId").GetString()!, records[r]);
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

        foreach (var shard in acknowledged.Values.Select(v => v.Shard).Distinct())
        {
            var iterator = (await Call(api.Endpoint, "GetShardIterator", new { StreamName = stream, ShardId = shard, ShardIteratorType = "TRIM_HORIZON" }))
                .GetProperty("ShardIterator").GetString();
            var read = new List<(string Sequence, string Data)>();
            while (true)
            {
                var page = await Call(api.Endpoint, "GetRecords", new { ShardIterator = iterator, Limit = 1000 });
                var records = page.GetProperty("Records").EnumerateArray().ToList();
                read.AddRange(records.Select(r => (r.GetProperty("SequenceNumber").GetString()!, Encoding.UTF8.GetString(r.GetProperty("Data").GetBytesFromBase64()))));
                iterator = page.GetProperty("NextShardIterator").GetString();
                if (records.Count == 0) break;
            }
            var sequences = read.Select(r => BigInteger.Parse(r.Sequence)).ToList();
            Assert.True(sequences.Zip(sequences.Skip(1)).All(pair => pair.Item1 < pair.Item2), $"{shard}: sequence numbers out of order");
            var found = read.ToDictionary(r => r.Sequence, r => r.Data);
            var expected = acknowledged.Where(a => a.Value.Shard == shard).ToList();
            var lost = expected.Where(a => found.GetValueOrDefault(a.Key) != a.Value.Data).Select(a => a.Value.Data).ToList();
            Assert.True(lost.Count == 0, $"{shard}: {lost.Count} of {expected.Count} acknowledged records not read back, e.g. {string.Join(", ", lost.Take(5))}");
        }
    }
}
