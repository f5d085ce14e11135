using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Two real processes: a broker that hosts the entities and an api node that serves HTTP and
/// reaches them through region proxies, so every command and reply crosses the network.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ApiBrokerTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Api_node_serves_sqs_from_entities_hosted_on_a_broker_node()
    {
        var brokerPort = FreePort.Next();
        var seed = $"akka.tcp://shoal@127.0.0.1:{brokerPort}";
        using var broker = await NodeProcess.Start(Path.Combine(_dataDir, "broker"), null,
            "--Shoal:Node:Roles:0", "broker", "--Shoal:Cluster:Port", brokerPort.ToString(), "--Shoal:Cluster:Seeds:0", seed);
        using var api = await NodeProcess.Start(Path.Combine(_dataDir, "api"), null,
            "--Shoal:Node:Roles:0", "api", "--Shoal:Cluster:Port", FreePort.Next().ToString(), "--Shoal:Cluster:Seeds:0", seed);

        var sqs = Sqs.Client(api.Endpoint);
        var name = Unique.Name("split");
        var url = (await sqs.CreateQueueAsync(name)).QueueUrl;
        Assert.StartsWith(api.Endpoint, url);
        var sent = await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "across the wire",
            MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } },
        });
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["All"], WaitTimeSeconds = 5 });
        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        await sqs.DeleteMessageAsync(url, message.ReceiptHandle);
        Assert.Contains(url, (await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = name })).QueueUrls);
        await Assert.ThrowsAsync<Amazon.SQS.Model.QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(Unique.Name("absent")));
        Assert.False(File.Exists(Path.Combine(_dataDir, "api", "shoal.db")), "an api-only node must not open a journal");
    }
}
