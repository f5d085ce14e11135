using System.Text;
using System.Text.Json;

namespace Shoal.Tests.Support;

/// <summary>Firehose over its JSON 1.1 by hand (no .NET Firehose SDK in this machine's mirror), and reading what it delivered.</summary>
public static class FirehoseJson
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    public const string Role = "arn:aws:iam::000000000000:role/firehose";

    public static async Task<JsonElement> Call(string endpoint, string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", $"Firehose_20150804.{action}");
        using var response = await Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Creates the delivery stream (the request's other members given) and waits until it is ACTIVE.</summary>
    public static async Task CreateActive(string endpoint, string name, Dictionary<string, object> request)
    {
        request["DeliveryStreamName"] = name;
        await Call(endpoint, "CreateDeliveryStream", request);
        await Eventually.Holds(async () => Assert.Equal("ACTIVE", (await Call(endpoint, "DescribeDeliveryStream", new { DeliveryStreamName = name }))
            .GetProperty("DeliveryStreamDescription").GetProperty("DeliveryStreamStatus").GetString()));
    }

    public static object S3(string bucket, string prefix, int intervalSeconds, string compression = "UNCOMPRESSED", object? processing = null) => new Dictionary<string, object?>
    {
        ["RoleARN"] = Role,
        ["BucketARN"] = $"arn:aws:s3:::{bucket}",
        ["Prefix"] = prefix,
        ["BufferingHints"] = new { SizeInMBs = 1, IntervalInSeconds = intervalSeconds },
        ["CompressionFormat"] = compression,
        ["ProcessingConfiguration"] = processing,
    }.Where(p => p.Value is not null).ToDictionary();

    public static Task PutBatch(string endpoint, string name, IEnumerable<string> records) =>
        Call(endpoint, "PutRecordBatch", new { DeliveryStreamName = name, Records = records.Select(r => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(r)) }) });

    /// <summary>Every object under the bucket's key prefix: its key and its content (gunzipped for .gz).</summary>
    public static List<(string Key, string Content)> Objects(string s3Dir, string bucket, string prefix)
    {
        var root = Path.Combine(s3Dir, bucket);
        var directory = Path.Combine(root, prefix);
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".tmp-")).Order().Select(file =>
        {
            var bytes = File.ReadAllBytes(file);
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                using var output = new MemoryStream();
                gzip.CopyTo(output);
                bytes = output.ToArray();
            }
            return (Path.GetRelativePath(root, file).Replace('\\', '/'), Encoding.UTF8.GetString(bytes));
        }).ToList();
    }
}
