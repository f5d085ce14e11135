using RabbitMQ.Client;
using Shoal.Bench.Cli;
using Shoal.Bench.Load;

namespace Shoal.Bench.Amqp;

/// <summary>
/// RabbitMQ (AMQP 0-9-1) as the "real broker" anchor, with the same scenarios and the same guarantees as
/// SQS: a durable queue, persistent messages, publisher confirms (a send counts once the broker confirmed
/// it) and manual acks (the AMQP counterpart of DeleteMessage).
/// </summary>
public sealed class AmqpTarget(BenchOptions options) : IBrokerTarget
{
    private IConnection? _admin;
    private bool _createdQueue;

    public string Protocol => "amqp";
    public string QueueName { get; private set; } = "";

    internal Task<IConnection> ConnectAsync(string name, CancellationToken cancellation) =>
        new ConnectionFactory { Uri = options.Endpoint, ClientProvidedName = $"shoal-bench {name}" }
            .CreateConnectionAsync(cancellation);

    public async Task SetupAsync(CancellationToken cancellation)
    {
        QueueName = options.Queue ?? $"bench-{DateTime.UtcNow:HHmmss}-{Random.Shared.Next(0x10000):x4}";
        _createdQueue = options.Queue is null;
        _admin = await ConnectAsync("admin", cancellation);
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        await channel.QueueDeclareAsync(QueueName, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellation);
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        if (!_createdQueue || _admin is null) return;
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        await channel.QueueDeleteAsync(QueueName, cancellationToken: cancellation);
    }

    public async Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("producer", cancellation);
        // With confirmation tracking, each BasicPublishAsync completes when the broker confirms (or nacks) it.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellation);
        return new AmqpProducer(run, connection, channel, QueueName);
    }

    public async Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("consumer", cancellation);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        // At most 10 unacknowledged messages per consumer, like one ReceiveMessage of 10.
        await channel.BasicQosAsync(0, 10, false, cancellation);
        return new AmqpConsumer(run, connection, channel, QueueName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
            await _admin.DisposeAsync();
    }
}
