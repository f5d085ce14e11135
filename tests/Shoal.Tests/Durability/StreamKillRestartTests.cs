using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// A Kinesis shard's log across kill -9: a sequence number in a PutRecords reply means the record is committed, so
/// after the node is killed under load and restarted every acknowledged record is read back from its shard, with its
/// data, in sequence order. Driven over Kinesis's JSON 1.1 by hand (the .NET Kinesis SDK is not in the package mirror;
/// the conformance suites use boto3, the aws CLI and the JS SDK).
/// </summary>
[Trait("Tier", "Durability")]
public sealed class StreamKillRestartTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-stream-durability-").FullName;
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    static async Task<JsonElement> Call(string endpoint, string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", $"Kinesis_20131202.{action}");
        using var response = await Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Fact]
    public async Task Every_acknowledged_record_is_read_back_in_order_after_kill_9()
    {
        var stream = Unique.Name("durable-stream");
        var acknowledged = new ConcurrentDictionary<string, (string Shard, string Data)>(); // sequence number → shard, data
        using (var node = await NodeProcess.Start(_dataDir))
        {
            await Call(node.Endpoint, "CreateStream", new { StreamName = stream, ShardCount = 2 });
            await Eventually.Holds(async () => Assert.Equal("ACTIVE", (await Call(node.Endpoint, "DescribeStreamSummary", new { StreamName = stream }))
                .GetProperty("StreamDescriptionSummary").GetProperty("StreamStatus").GetString()));

            using var stop = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var records = Enumerable.Range(0, 10).Select(r => $"p{p}-{i}-{r}").ToList();
                    try
                    {
                        var reply = await Call(node.Endpoint, "PutRecords", new
                        {
                            StreamName = stream,
                            Records = records.Select(data => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)), PartitionKey = data }),
                        });
                        var results = reply.GetProperty("Records").EnumerateArray().ToList();
                        for (var r = 0; r < records.Count; r++)
                            if (results[r].TryGetProperty("SequenceNumber", out var sequence))
                                acknowledged[sequence.GetString()!] = (results[r].GetProperty("ShardId").GetString()!, records[r]);
                    }
                    catch (Exception)
                    {
                        return; // the node is gone: an unacknowledged batch may or may not have been stored
                    }
                }
            })).ToList();
            await Task.Delay(1500);
            node.KillHard();
            stop.Cancel();
            await Task.WhenAll(producers);
        }
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} records were acknowledged before the kill");

        using var restarted = await NodeProcess.Start(_dataDir, null, "--Shoal:Streams:Throughput", "relaxed");
        foreach (var shard in acknowledged.Values.Select(v => v.Shard).Distinct())
        {
            var iterator = (await Call(restarted.Endpoint, "GetShardIterator", new { StreamName = stream, ShardId = shard, ShardIteratorType = "TRIM_HORIZON" }))
                .GetProperty("ShardIterator").GetString();
            var read = new List<(string Sequence, string Data)>();
            while (true)
            {
                var page = await Call(restarted.Endpoint, "GetRecords", new { ShardIterator = iterator, Limit = 1000 });
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
