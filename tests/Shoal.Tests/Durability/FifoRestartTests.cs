using System.Numerics;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// FIFO exactly-once across a crash: after kill -9 and a restart (from snapshots and the journal tail),
/// deduplication ids still drop resends, groups still come in order, and sequence numbers keep growing.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class FifoRestartTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-fifo-durability-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    static SendMessageRequest Message(string url, int i) => new()
    {
        QueueUrl = url, MessageBody = $"m{i}", MessageGroupId = $"g{i % 2}", MessageDeduplicationId = $"d{i}",
    };

    [Fact]
    public async Task Deduplication_order_and_sequence_numbers_survive_kill_9()
    {
        var name = Unique.Name("fifo-durable")[..40] + ".fifo";
        // Snapshot often, so recovery goes through a snapshot plus a tail.
        const string SnapshotOften = "--Shoal:Queues:SnapshotEvery=10";
        var original = new Dictionary<int, SendMessageResponse>();
        string url;

        using (var node = await NodeProcess.Start(_dataDir, null, SnapshotOften))
        {
            var sqs = Sqs.Client(node.Endpoint);
            url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["FifoQueue"] = "true" } })).QueueUrl;
            for (var i = 0; i < 30; i++) original[i] = await sqs.SendMessageAsync(Message(url, i));
            // m0 received and deleted: its id must still deduplicate.
            var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 1 });
            await sqs.DeleteMessageAsync(url, first.Messages[0].ReceiptHandle);
            node.KillHard();
        }

        using var restarted = await NodeProcess.Start(_dataDir, null, SnapshotOften);
        var client = Sqs.Client(restarted.Endpoint);
        url = url.Replace(url.Split('/')[2], $"127.0.0.1:{restarted.Port}");

        for (var i = 0; i < 30; i++)
        {
            var again = await client.SendMessageAsync(Message(url, i));
            Assert.True(original[i].MessageId == again.MessageId, $"the resend of m{i} was not deduplicated after the restart");
        }
        var received = new List<Message>();
        while (true)
        {
            var batch = await client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 600, MessageSystemAttributeNames = ["All"],
            });
            if (batch.Messages is not { Count: > 0 }) break;
            received.AddRange(batch.Messages);
            // Groups with messages in flight are held back: delete to release them.
            foreach (var message in batch.Messages) await client.DeleteMessageAsync(url, message.ReceiptHandle);
        }
        Assert.Equal(Enumerable.Range(1, 29).Select(i => $"m{i}"), received.Select(m => m.Body).OrderBy(b => int.Parse(b[1..])));
        foreach (var group in received.GroupBy(m => m.Attributes["MessageGroupId"]))
            Assert.Equal(group.Select(m => int.Parse(m.Body[1..])).Order(), group.Select(m => int.Parse(m.Body[1..])));

        var next = await client.SendMessageAsync(Message(url, 30));
        Assert.True(BigInteger.Parse(next.SequenceNumber) > BigInteger.Parse(original[29].SequenceNumber),
            $"sequence number {next.SequenceNumber} after the restart is not above {original[29].SequenceNumber}");
    }
}
