using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Durability;

/// <summary>
/// Hand-offs between queues across a crash: a node killed with SIGKILL while messages are being
/// dead-lettered, or while a move task carries them over, and restarted on the same data directory,
/// ends with every message in exactly one queue (none lost, none doubled), and the task finishes.
/// The kill is aimed at the dangerous moment: the target has committed the messages, the source has
/// not yet recorded that (ballast holds its writes up), so after the restart the source hands the same
/// messages over again and only the target's per-key deduplication keeps them single.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class DeadLetterCrashTests(ITestOutputHelper output) : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-dlq-durability-").FullName;

    // Snapshot often, so recovery also goes through snapshots that hold messages on their way out.
    const string SnapshotOften = "--Shoal:Queues:SnapshotEvery=50";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Messages_being_dead_lettered_when_the_node_is_killed_end_in_exactly_one_queue()
    {
        const int Total = 600;
        var sourceName = Unique.Name("crash-src");
        var deadLetterName = Unique.Name("crash-dlq");
        var sent = new List<string>();

        using (var node = await NodeProcess.Start(_dataDir, null, SnapshotOften))
        {
            var sqs = Sqs.Client(node.Endpoint);
            var deadLetterUrl = (await sqs.CreateQueueAsync(deadLetterName)).QueueUrl;
            var sourceUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = sourceName, Attributes = new() { ["RedrivePolicy"] = Redrive(await Arn(sqs, deadLetterUrl), 1) },
            })).QueueUrl;
            await SendAll(sqs, sourceUrl, Total, (id, _) => sent.Add(id));

            // Consumers that never delete: first every message is received once (and stays in flight a few
            // seconds), then, under ballast, every receive dead-letters the messages it finds visible again.
            while ((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sourceUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 3 })).Messages is { Count: > 0 })
            {
            }
            using var stop = new CancellationTokenSource();
            var ballast = await Ballast(sqs, sourceUrl, stop.Token);
            var before = (await Counts(sqs, deadLetterUrl)).Visible;
            var receivers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sourceUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
                    }
                    catch (Exception)
                    {
                        return; // the node is gone
                    }
                }
            })).ToList();
            await WaitForVisible(sqs, deadLetterUrl, n => n > before, "the first dead letters arrived");
            node.KillHard();
            stop.Cancel();
            await Task.WhenAll([.. receivers, ballast]);
        }

        using var restarted = await NodeProcess.Start(_dataDir, null, SnapshotOften);
        var client = Sqs.Client(restarted.Endpoint);
        var source = (await client.GetQueueUrlAsync(sourceName)).QueueUrl;
        var deadLetter = (await client.GetQueueUrlAsync(deadLetterName)).QueueUrl;
        // Touching the source starts it; it hands over again what was on its way when the node died. In-flight
        // messages turn visible within seconds, so what stays "not visible" is on its way.
        await Eventually(async () => (await Counts(client, source)).NotVisible == 0, "the source finished its interrupted hand-offs");
        // Stop dead-lettering so that draining the source shows what stayed there.
        await client.SetQueueAttributesAsync(source, new Dictionary<string, string> { ["RedrivePolicy"] = "" });

        var inSource = (await Drain(client, source)).Select(m => m.MessageId).ToList();
        var inDeadLetter = (await Drain(client, deadLetter)).Select(m => m.MessageId).ToList();

        var context = $"{inSource.Count} in the source, {inDeadLetter.Count} in the DLQ";
        output.WriteLine(context);
        Assert.True(Duplicates(inDeadLetter).Count == 0, $"{Duplicates(inDeadLetter).Count} messages twice in the DLQ: {context}");
        Assert.True(Duplicates(inSource).Count == 0, $"duplicates in the source: {context}");
        Assert.True(!inSource.Intersect(inDeadLetter).Any(), $"{inSource.Intersect(inDeadLetter).Count()} messages in both queues: {context}");
        var lost = sent.Except(inSource).Except(inDeadLetter).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {Total} messages lost: {context}");
        Assert.Equal(Total, inSource.Count + inDeadLetter.Count);
        Assert.True(inSource.Count > 0, $"every message was dead-lettered before the kill, so the crash came too late: {context}");
    }

    [Fact]
    public async Task A_move_task_interrupted_by_a_kill_resumes_after_the_restart_and_moves_each_message_once()
    {
        const int Total = 300;
        const int Rate = 50;
        var sourceName = Unique.Name("task-src");
        var deadLetterName = Unique.Name("task-dlq");
        var bodies = new List<string>();

        using (var node = await NodeProcess.Start(_dataDir, null, SnapshotOften))
        {
            var sqs = Sqs.Client(node.Endpoint);
            var deadLetterUrl = (await sqs.CreateQueueAsync(deadLetterName)).QueueUrl;
            var deadLetterArn = await Arn(sqs, deadLetterUrl);
            var sourceUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = sourceName, Attributes = new() { ["RedrivePolicy"] = Redrive(deadLetterArn, 1) },
            })).QueueUrl;
            await SendAll(sqs, sourceUrl, Total, (_, body) => bodies.Add(body));
            await Eventually(async () =>
            {
                await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = sourceUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
                return (await Counts(sqs, deadLetterUrl)).Visible == Total;
            }, "every message is dead-lettered");
            // Back in the source, the moved messages may be received a few times before the checks drain them.
            await sqs.SetQueueAttributesAsync(sourceUrl, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(deadLetterArn, 10) });

            // The ballast has no source queue to return to, so the task (back to the sources) leaves it alone.
            using var stop = new CancellationTokenSource();
            var ballast = await Ballast(sqs, deadLetterUrl, stop.Token);
            var arrival = FirstArrival(sqs, sourceUrl);
            await sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = deadLetterArn, MaxNumberOfMessagesPerSecond = Rate });
            await arrival;
            node.KillHard();
            stop.Cancel();
            await ballast;
        }

        using var restarted = await NodeProcess.Start(_dataDir, null, SnapshotOften);
        var client = Sqs.Client(restarted.Endpoint);
        var deadLetter = (await client.GetQueueUrlAsync(deadLetterName)).QueueUrl;
        var source = (await client.GetQueueUrlAsync(sourceName)).QueueUrl;
        var arn = await Arn(client, deadLetter);
        // Listing the tasks starts the DLQ, which picks the running task up where it stopped.
        var task = await LatestTask(client, arn);
        output.WriteLine($"after the restart: {task.Status}, {task.ApproximateNumberOfMessagesMoved} moved");
        Assert.True(task.Status == "RUNNING" && task.ApproximateNumberOfMessagesMoved < Total,
            $"the task was not interrupted: {task.Status}, {task.ApproximateNumberOfMessagesMoved} moved");
        await Eventually(async () =>
        {
            task = await LatestTask(client, arn);
            Assert.NotEqual("FAILED", task.Status);
            return task.Status == "COMPLETED";
        }, "the resumed task completed");

        var arrived = (await Drain(client, source)).Select(m => m.Body).ToList();
        var left = await Drain(client, deadLetter);
        var context = $"{arrived.Count} arrived, {left.Count} left in the DLQ";
        output.WriteLine(context);
        Assert.True(Duplicates(arrived).Count == 0, $"{Duplicates(arrived).Count} messages moved twice: {context}");
        Assert.True(left.Count == 0, $"messages left behind: {context}");
        Assert.Equal(bodies.Order(), arrived.Order());
        Assert.Equal((long)Total, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal((long)Total, task.ApproximateNumberOfMessagesToMove);
    }

    static string Redrive(string deadLetterArn, int maxReceiveCount) =>
        JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetterArn, maxReceiveCount });

    static async Task<string> Arn(AmazonSQSClient sqs, string url) => (await sqs.GetQueueAttributesAsync(url, ["QueueArn"])).QueueARN;

    static async Task<ListMessageMoveTasksResultEntry> LatestTask(AmazonSQSClient sqs, string sourceArn) =>
        Assert.Single((await sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = sourceArn })).Results);

    static async Task SendAll(AmazonSQSClient sqs, string url, int count, Action<string, string> sent)
    {
        for (var start = 0; start < count; start += 10)
        {
            var entries = Enumerable.Range(start, Math.Min(10, count - start)).Select(i => new SendMessageBatchRequestEntry($"e{i}", $"m{i}")).ToList();
            var result = await sqs.SendMessageBatchAsync(url, entries);
            Assert.True(result.Failed is null or { Count: 0 }, $"a send failed: {result.Failed?.FirstOrDefault()?.Message}");
            foreach (var entry in result.Successful) sent(entry.MessageId, entries.Single(e => e.Id == entry.Id).MessageBody);
        }
    }

    static async Task<(int Visible, int NotVisible)> Counts(AmazonSQSClient sqs, string url)
    {
        var counts = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return (counts.ApproximateNumberOfMessages, counts.ApproximateNumberOfMessagesNotVisible);
    }

    static async Task Eventually(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Polls the queue's visible count closely until it satisfies <paramref name="done"/>: a count seen to
    /// grow means another queue's hand-off has just been committed there.
    /// </summary>
    static async Task WaitForVisible(AmazonSQSClient sqs, string url, Func<int, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done((await Counts(sqs, url)).Visible))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// A long poll on the (empty) target: it returns as soon as a hand-off has been committed there,
    /// without a polling delay. What it receives turns visible again a second later.
    /// </summary>
    static async Task FirstArrival(AmazonSQSClient sqs, string url)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5, VisibilityTimeout = 1 })).Messages is not { Count: > 0 })
            Assert.True(DateTime.UtcNow < deadline, "nothing arrived");
    }

    /// <summary>
    /// Keeps the queue busy with large writes until stopped, so its own commits queue up behind them: a kill
    /// right after a target committed moved messages lands before this queue has recorded that. The ballast
    /// is delayed for 15 minutes, so no receive, drain or move task of the test sees it.
    /// </summary>
    /// <returns>Once the first ballast is written: the senders, which end when stopped or when the node is gone.</returns>
    static async Task<Task> Ballast(AmazonSQSClient sqs, string url, CancellationToken stop)
    {
        var body = new string('x', 200 * 1024);
        var entries = Enumerable.Range(0, 4).Select(i => new SendMessageBatchRequestEntry($"b{i}", body) { DelaySeconds = 900 }).ToList();
        await sqs.SendMessageBatchAsync(url, entries);
        // A few senders, so that several of the queue's writes are always in flight.
        return Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await sqs.SendMessageBatchAsync(url, entries);
                }
                catch (Exception)
                {
                    return; // the node is gone
                }
            }
        })));
    }

    /// <summary>Receives (and deletes) until the queue is empty; every message received, duplicates included.</summary>
    static async Task<List<Message>> Drain(AmazonSQSClient sqs, string url)
    {
        var all = new List<Message>();
        while (true)
        {
            var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 600, WaitTimeSeconds = 2 });
            if (batch.Messages is not { Count: > 0 }) return all;
            all.AddRange(batch.Messages);
            await sqs.DeleteMessageBatchAsync(url, batch.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry($"d{i}", m.ReceiptHandle)).ToList());
        }
    }

    static List<string> Duplicates(IEnumerable<string> values) => values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
}
