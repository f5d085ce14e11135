using System.Diagnostics;
using System.Net;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>A node in throttling mode for queues named throttled-*.fifo and slow-*, standard ones at 50 calls a second.</summary>
public sealed class ThrottlingShoal : InProcessShoal
{
    protected override IEnumerable<string> Settings =>
    [
        "--Shoal:Queues:Throttling:0", "throttled-*.fifo",
        "--Shoal:Queues:Throttling:1", "slow-*",
        "--Shoal:Queues:ThrottledStandardCallsPerSecond", "50",
    ];
}

/// <summary>Throttling mode through the real AWSSDK.SQS client, retries off (MaxErrorRetry=0).</summary>
[Trait("Tier", "Http")]
public sealed class SqsThrottlingSdkTests(ThrottlingShoal shoal) : IClassFixture<ThrottlingShoal>
{
    readonly AmazonSQSClient _sqs = shoal.SqsClient();

    async Task<string> NewFifoQueue(string prefix) =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Unique.Name(prefix) + ".fifo",
            Attributes = new() { ["FifoQueue"] = "true" },
        })).QueueUrl;

    sealed record Outcome(int Succeeded, RequestThrottledException? Throttled, TimeSpan Elapsed);

    /// <summary>Short-poll receives from many callers at once until <paramref name="calls"/> were made or one was throttled.</summary>
    async Task<Outcome> Hammer(string url, int calls, int callers = 32)
    {
        int succeeded = 0, started = 0;
        RequestThrottledException? throttled = null;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Volatile.Read(ref throttled) is null && Interlocked.Increment(ref started) <= calls)
            {
                try
                {
                    await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 0 });
                    Interlocked.Increment(ref succeeded);
                }
                catch (RequestThrottledException e)
                {
                    Interlocked.CompareExchange(ref throttled, e, null);
                }
            }
        }));
        return new Outcome(succeeded, throttled, watch.Elapsed);
    }

    [Fact]
    public async Task A_throttled_fifo_queue_refuses_calls_past_300_a_second_with_the_typed_exception()
    {
        var url = await NewFifoQueue("throttled");

        var outcome = await Hammer(url, calls: 5_000);

        Assert.True(outcome.Throttled is not null,
            $"{outcome.Succeeded} receives in {outcome.Elapsed.TotalSeconds:F2} s and none throttled");
        Assert.Equal("RequestThrottled", outcome.Throttled.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, outcome.Throttled.StatusCode);
        // A full bucket (300) plus 300 a second, and the calls that were already past the check.
        Assert.True(outcome.Succeeded <= 300 + 300 * outcome.Elapsed.TotalSeconds + 32,
            $"{outcome.Succeeded} receives succeeded in {outcome.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Other_actions_and_other_queues_are_not_throttled_by_it()
    {
        var url = await NewFifoQueue("throttled");
        Assert.NotNull((await Hammer(url, calls: 5_000)).Throttled);

        // Sending has its own quota, and GetQueueAttributes none.
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m", MessageGroupId = "g", MessageDeduplicationId = "d" });
        await _sqs.GetQueueAttributesAsync(url, ["All"]);
        var free = await Hammer(await NewFifoQueue("free"), calls: 1_000);
        Assert.Null(free.Throttled);
        Assert.Equal(1_000, free.Succeeded);
    }

    [Fact]
    public async Task A_throttled_standard_queue_gets_its_configured_rate_and_query_clients_the_legacy_code()
    {
        var url = (await _sqs.CreateQueueAsync(Unique.Name("slow"))).QueueUrl;

        var outcome = await Hammer(url, calls: 1_000, callers: 8);
        Assert.NotNull(outcome.Throttled);
        Assert.True(outcome.Succeeded <= 50 + 50 * outcome.Elapsed.TotalSeconds + 8,
            $"{outcome.Succeeded} receives succeeded in {outcome.Elapsed.TotalSeconds:F2} s");

        // The bucket is empty now; a Query-protocol client sees the code botocore retries as throttling.
        using var http = new HttpClient();
        HttpResponseMessage reply;
        do
        {
            reply = await http.PostAsync(shoal.Endpoint, new StringContent(
                $"Action=ReceiveMessage&Version=2012-11-05&QueueUrl={Uri.EscapeDataString(url)}", Encoding.UTF8, "application/x-www-form-urlencoded"));
        } while (reply.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.Contains("<Code>RequestThrottled</Code>", await reply.Content.ReadAsStringAsync());
    }
}
