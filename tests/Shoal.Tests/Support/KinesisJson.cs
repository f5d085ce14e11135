using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Shoal.Tests.Support;

/// <summary>
/// Kinesis over its JSON 1.1 by hand (the .NET Kinesis SDK is not in this machine's package mirror; the conformance
/// suites drive boto3, the aws CLI and the JS SDK): what the stream crash tests do as a client.
/// </summary>
public static class KinesisJson
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<JsonElement> Call(string endpoint, string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", $"Kinesis_20131202.{action}");
        using var response = await Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task CreateActiveStream(string endpoint, string stream, int shards)
    {
        await Call(endpoint, "CreateStream", new { StreamName = stream, ShardCount = shards });
        await Eventually.Holds(async () => Assert.Equal("ACTIVE", (await Call(endpoint, "DescribeStreamSummary", new { StreamName = stream }))
            .GetProperty("StreamDescriptionSummary").GetProperty("StreamStatus").GetString()));
    }

    /// <summary>One PutRecords of ten records named after the producer and round; the acknowledged ones go into the ledger (sequence number → shard, data).</summary>
    public static async Task PutTen(string endpoint, string stream, string producer, int round, ConcurrentDictionary<string, (string Shard, string Data)> acknowledged)
    {
        var records = Enumerable.Range(0, 10).Select(r => $"{producer}-{round}-{r}").ToList();
        var reply = await Call(endpoint, "PutRecords", new
        {
            StreamName = stream,
            Records = records.Select(data => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)), PartitionKey = data }),
        });
        var results = reply.GetProperty("Records").EnumerateArray().ToList();
        for (var r = 0; r < records.Count; r++)
            if (results[r].TryGetProperty("SequenceNumber", out var sequence))
                acknowledged[sequence.GetString()!] = (results[r].GetProperty("ShardId").GetString()!, records[r]);
    }

    /// <summary>Reads every shard that took an acknowledged record from its trim horizon; asserts each record is there with its data, in sequence order.</summary>
    public static async Task AssertEveryRecordReadBack(string endpoint, string stream, ConcurrentDictionary<string, (string Shard, string Data)> acknowledged)
    {
        foreach (var shard in acknowledged.Values.Select(v => v.Shard).Distinct())
        {
            var iterator = (await Call(endpoint, "GetShardIterator", new { StreamName = stream, ShardId = shard, ShardIteratorType = "TRIM_HORIZON" }))
                .GetProperty("ShardIterator").GetString();
            var read = new List<(string Sequence, string Data)>();
            while (true)
            {
                var page = await Call(endpoint, "GetRecords", new { ShardIterator = iterator, Limit = 1000 });
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
