using System.Text;
using System.Text.Json;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>One node for the Firehose delivery tests; its S3 is the data directory's s3/.</summary>
public sealed class FirehoseNode : IAsyncLifetime
{
    public string DataDir { get; } = Directory.CreateTempSubdirectory("shoal-firehose-").FullName;
    public string S3Dir => Path.Combine(DataDir, "s3");
    public NodeProcess Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await NodeProcess.Start(DataDir, null, "--Shoal:Streams:Throughput", "relaxed");

    public Task DisposeAsync()
    {
        Node.Dispose();
        Directory.Delete(DataDir, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// What Firehose delivers, seen at the destination: objects in the local S3 directory (time-prefixed keys, GZIP),
/// posts to an HTTP endpoint in Firehose's request shape (and the backup of what it refused), records changed by a
/// Lambda-format transform, and records read from a Kinesis stream.
/// </summary>
[Trait("Tier", "Http")]
public sealed class FirehoseDeliveryTests(FirehoseNode fixture) : IClassFixture<FirehoseNode>
{
    string Endpoint => fixture.Node.Endpoint;

    [Fact]
    public async Task Direct_put_records_land_in_one_gzipped_object_under_the_prefix_and_utc_hour()
    {
        var name = Unique.Name("fh-s3");
        var bucket = "b-" + name.ToLowerInvariant();
        await FirehoseJson.CreateActive(Endpoint, name, new() { ["ExtendedS3DestinationConfiguration"] = FirehoseJson.S3(bucket, "logs/", 1, "GZIP") });
        await FirehoseJson.PutBatch(Endpoint, name, Enumerable.Range(0, 5).Select(i => $"line {i}\n"));

        await Eventually.Holds(() =>
        {
            var (key, content) = Assert.Single(FirehoseJson.Objects(fixture.S3Dir, bucket, "logs"));
            Assert.Matches($@"^logs/\d{{4}}/\d{{2}}/\d{{2}}/\d{{2}}/{name}-1-\d{{4}}-\d{{2}}-\d{{2}}-\d{{2}}-\d{{2}}-\d{{2}}-[0-9a-f]+\.gz$", key);
            Assert.Equal(string.Concat(Enumerable.Range(0, 5).Select(i => $"line {i}\n")), content);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task An_http_endpoint_gets_the_firehose_request_with_its_headers_and_the_transformed_records()
    {
        var name = Unique.Name("fh-http");
        await using var transform = await HttpReceiver.Start(received =>
        {
            // Upper-case every record but drop "skip" and fail "bad": the Lambda transformation contract.
            var records = JsonDocument.Parse(received.Body).RootElement.GetProperty("records").EnumerateArray().Select(r =>
            {
                var data = Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("data").GetString()!));
                var result = data == "skip" ? "Dropped" : data == "bad" ? "ProcessingFailed" : "Ok";
                return new { recordId = r.GetProperty("recordId").GetString(), result, data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data.ToUpperInvariant())) };
            });
            return (200, JsonSerializer.Serialize(new { records }));
        });
        await using var endpoint = await HttpReceiver.Start(received =>
            (200, JsonSerializer.Serialize(new { requestId = received.Headers["x-amz-firehose-request-id"], timestamp = 1 })));
        var bucket = "b-" + name.ToLowerInvariant();
        await FirehoseJson.CreateActive(Endpoint, name, new()
        {
            ["HttpEndpointDestinationConfiguration"] = new
            {
                EndpointConfiguration = new { Url = endpoint.Url, Name = "receiver", AccessKey = "secret-key" },
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 1 },
                RequestConfiguration = new { ContentEncoding = "GZIP", CommonAttributes = new[] { new { AttributeName = "team", AttributeValue = "data" } } },
                RetryOptions = new { DurationInSeconds = 10 },
                ProcessingConfiguration = new
                {
                    Enabled = true,
                    Processors = new[] { new { Type = "Lambda", Parameters = new[] { new { ParameterName = "LambdaArn", ParameterValue = transform.Url } } } },
                },
                S3Configuration = FirehoseJson.S3(bucket, "backup/", 60),
            },
        });
        await FirehoseJson.PutBatch(Endpoint, name, ["a", "skip", "bad", "b"]);

        var invocation = JsonDocument.Parse((await transform.Next("transform invocation")).Body).RootElement;
        Assert.Equal($"arn:aws:firehose:us-east-1:000000000000:deliverystream/{name}", invocation.GetProperty("deliveryStreamArn").GetString());
        Assert.Equal(4, invocation.GetProperty("records").GetArrayLength());

        var post = await endpoint.Next("delivery");
        Assert.Equal(("1.0", "secret-key", "gzip", """{"commonAttributes":{"team":"data"}}"""),
            (post.Headers["x-amz-firehose-protocol-version"], post.Headers["x-amz-firehose-access-key"], post.Headers["content-encoding"], post.Headers["x-amz-firehose-common-attributes"]));
        Assert.Equal($"arn:aws:firehose:us-east-1:000000000000:deliverystream/{name}", post.Headers["x-amz-firehose-source-arn"]);
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(post.Headers["x-amz-firehose-request-id"], body.GetProperty("requestId").GetString());
        Assert.Equal(["A", "B"], body.GetProperty("records").EnumerateArray().Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("data").GetString()!))));

        await Eventually.Holds(() =>
        {
            var (key, content) = Assert.Single(FirehoseJson.Objects(fixture.S3Dir, bucket, "processing-failed"));
            var line = JsonDocument.Parse(content.Trim()).RootElement;
            Assert.Equal(("Lambda.ProcessingFailedStatus", "bad"), (line.GetProperty("errorCode").GetString(),
                Encoding.UTF8.GetString(Convert.FromBase64String(line.GetProperty("rawData").GetString()!))));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Records_an_endpoint_keeps_refusing_are_retried_then_backed_up_under_http_endpoint_failed()
    {
        var name = Unique.Name("fh-down");
        await using var endpoint = await HttpReceiver.Start(_ => (503, """{"errorMessage":"down for maintenance"}"""));
        var bucket = "b-" + name.ToLowerInvariant();
        await FirehoseJson.CreateActive(Endpoint, name, new()
        {
            ["HttpEndpointDestinationConfiguration"] = new
            {
                EndpointConfiguration = new { Url = endpoint.Url },
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 0 },
                RetryOptions = new { DurationInSeconds = 3 },
                S3Configuration = FirehoseJson.S3(bucket, "backup/", 60),
            },
        });
        await FirehoseJson.PutBatch(Endpoint, name, ["one", "two"]);

        await endpoint.Next("first attempt");
        await endpoint.Next("a retry");
        await Eventually.Holds(() =>
        {
            var (_, content) = Assert.Single(FirehoseJson.Objects(fixture.S3Dir, bucket, "http-endpoint-failed"));
            var lines = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["one", "two"], lines.Select(l => Encoding.UTF8.GetString(Convert.FromBase64String(l.GetProperty("rawData").GetString()!))));
            Assert.All(lines, l => Assert.Contains("down for maintenance", l.GetProperty("errorMessage").GetString()));
            Assert.All(lines, l => Assert.True(l.GetProperty("attemptsMade").GetInt32() >= 2));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_kinesis_sourced_stream_delivers_what_is_put_to_the_stream_after_its_creation()
    {
        var name = Unique.Name("fh-kin");
        var bucket = "b-" + name.ToLowerInvariant();
        await KinesisJson.CreateActiveStream(Endpoint, name, shards: 2);
        await KinesisJson.Call(Endpoint, "PutRecords", new { StreamName = name, Records = new[] { new { Data = Convert.ToBase64String("before\n"u8.ToArray()), PartitionKey = "p" } } });
        await FirehoseJson.CreateActive(Endpoint, name, new()
        {
            ["DeliveryStreamType"] = "KinesisStreamAsSource",
            ["KinesisStreamSourceConfiguration"] = new { KinesisStreamARN = $"arn:aws:kinesis:us-east-1:000000000000:stream/{name}", RoleARN = FirehoseJson.Role },
            ["S3DestinationConfiguration"] = FirehoseJson.S3(bucket, "from-kinesis/", 1),
        });
        await KinesisJson.Call(Endpoint, "PutRecords", new
        {
            StreamName = name,
            Records = Enumerable.Range(0, 20).Select(i => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes($"r{i}\n")), PartitionKey = $"key-{i}" }),
        });

        await Eventually.Holds(() =>
        {
            var lines = FirehoseJson.Objects(fixture.S3Dir, bucket, "from-kinesis").SelectMany(o => o.Content.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"r{i}").Order(), lines.Order());
            return Task.CompletedTask;
        });
        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => FirehoseJson.PutBatch(Endpoint, name, ["x"]));
        Assert.Contains("InvalidArgumentException", put.Message);
    }
}
