using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Shoal.Tests.Support;

/// <summary>What the failover tests do as a client: fill queues, send until served again, check nothing acknowledged was lost.</summary>
public static class FailoverClient
{
    /// <summary>Queues with messages in them; the MessageIds acknowledged per queue URL.</summary>
    public static async Task<Dictionary<string, HashSet<string>>> QueuesWithMessages(AmazonSQSClient sqs, string prefix, int queues, int messages)
    {
        var acknowledged = new Dictionary<string, HashSet<string>>();
        for (var q = 0; q < queues; q++)
        {
            var url = (await sqs.CreateQueueAsync(Unique.Name($"{prefix}{q}"))).QueueUrl;
            acknowledged[url] = [];
            for (var m = 0; m < messages; m++) acknowledged[url].Add((await sqs.SendMessageAsync(url, $"m{m}")).MessageId);
        }
        return acknowledged;
    }

    /// <summary>
    /// Sends to each queue until one send succeeds (a 503 while the shard moves is retried, as the SDKs do);
    /// returns when each queue was first served again, measured on <paramref name="clock"/>.
    /// </summary>
    public static async Task<List<TimeSpan>> SendUntilServed(AmazonSQSClient sqs, Dictionary<string, HashSet<string>> acknowledged, Stopwatch clock)
    {
        var served = new List<TimeSpan>();
        foreach (var url in acknowledged.Keys)
        {
            while (true)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{url} still unavailable {clock.Elapsed} after the failure");
                try
                {
                    acknowledged[url].Add((await sqs.SendMessageAsync(url, "after")).MessageId);
                    served.Add(clock.Elapsed);
                    break;
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }
        }
        return served;
    }

    /// <summary>Receives every queue dry and asserts each acknowledged message came back.</summary>
    public static async Task AssertNothingLost(AmazonSQSClient sqs, Dictionary<string, HashSet<string>> acknowledged)
    {
        foreach (var (url, sent) in acknowledged)
        {
            var received = new HashSet<string>();
            while (true)
            {
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 600, WaitTimeSeconds = 1 });
                if (batch.Messages is not { Count: > 0 }) break;
                foreach (var message in batch.Messages) received.Add(message.MessageId);
            }
            Assert.True(sent.IsSubsetOf(received), $"{url}: {sent.Except(received).Count()} of {sent.Count} acknowledged messages lost");
        }
    }
}
