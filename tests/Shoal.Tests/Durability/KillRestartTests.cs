using System.Collections.Concurrent;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// The durability contract: a successful reply means committed. A node killed with SIGKILL
/// in the middle of a load and restarted on the same data directory has every acknowledged
/// send, and no acknowledged delete comes back.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class KillRestartTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-durability-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Acknowledged_sends_survive_kill_9_and_acknowledged_deletes_stay_deleted()
    {
        var queueName = Unique.Name("durable");
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var deleted = new ConcurrentDictionary<string, bool>();
        string queueUrl;

        using (var node = await NodeProcess.Start(_dataDir))
        {
            var sqs = Sqs.Client(node.Endpoint);
            queueUrl = (await sqs.CreateQueueAsync(queueName)).QueueUrl;

            // Settled part: sent, then half received and deleted, before any crash.
            for (var i = 0; i < 40; i++)
                acknowledged[(await sqs.SendMessageAsync(queueUrl, $"settled-{i}")).MessageId] = true;
            var batch = await sqs.SendMessageBatchAsync(queueUrl,
                Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry($"e{i}", $"batch-{i}")).ToList());
            foreach (var entry in batch.Successful) acknowledged[entry.MessageId] = true;
            while (deleted.Count < 25)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 1 });
                foreach (var message in received.Messages.Take(25 - deleted.Count))
                {
                    await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
                    deleted[message.MessageId] = true;
                }
            }

            // Unsettled part: producers still sending when the node dies.
            using var stop = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var sent = await sqs.SendMessageAsync(queueUrl, $"inflight-{p}-{i}");
                        acknowledged[sent.MessageId] = true;
                    }
                    catch (Exception)
                    {
                        return; // the node is gone; an unacknowledged send may or may not have landed
                    }
                }
            })).ToList();
            await Task.Delay(1500);
            node.KillHard();
            stop.Cancel();
            await Task.WhenAll(producers);
        }

        Assert.True(acknowledged.Count > 60, $"only {acknowledged.Count} sends were acknowledged before the kill");
        using var restarted = await NodeProcess.Start(_dataDir);
        var client = Sqs.Client(restarted.Endpoint);
        var found = new HashSet<string>();
        while (true)
        {
            var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl.Replace(queueUrl.Split('/')[2], $"127.0.0.1:{restarted.Port}"),
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 600,
                WaitTimeSeconds = 2,
            });
            if (received.Messages is not { Count: > 0 }) break;
            foreach (var message in received.Messages) found.Add(message.MessageId);
        }

        var lost = acknowledged.Keys.Where(id => !deleted.ContainsKey(id) && !found.Contains(id)).ToList();
        var resurrected = deleted.Keys.Where(found.Contains).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged sends were lost");
        Assert.True(resurrected.Count == 0, $"{resurrected.Count} acknowledged deletes came back");
    }
}
