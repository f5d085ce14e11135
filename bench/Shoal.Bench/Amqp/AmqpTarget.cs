using RabbitMQ.Client;
using Shoal.Bench.Cli;
using Shoal.Bench.Load;

namespace Shoal.Bench.Amqp;

/// <summary>
/// RabbitMQ (AMQP 0-9-1) as the "real broker" anchor, with the same scenarios and the same guarantees as
/// SQS: a durable queue, persistent messages, publisher confirms (a send counts once the broker confirmed
/// it) and manual acks (the AMQP counterpart of DeleteMessage).
/// <para>
/// AMQP has no message groups. The FIFO scenarios use what RabbitMQ users do for ordered processing per
/// key: one durable queue per group with <c>x-single-active-consumer</c> (only one consumer at a time gets
/// its messages, in queue order), producers publishing each message to its group's queue, and consumers
/// subscribed to the group queues with a prefetch of 10 per channel (at most 10 unacknowledged messages per
/// consumer, like one ReceiveMessage of 10). There is no deduplication.
/// </para>
/// </summary>
public sealed class AmqpTarget(BenchOptions options) : IBrokerTarget
{
    private IConnection? _admin;
    private bool _createdQueue;
    /// <summary>The queues messages go to: the queue, or one per message group (FIFO scenarios).</summary>
    private string[] _queues = [];
    private int _consumers;

    public string Protocol => "amqp";
    public string QueueName { get; private set; } = "";

    internal Task<IConnection> ConnectAsync(string name, CancellationToken cancellation) =>
        new ConnectionFactory { Uri = options.Endpoint, ClientProvidedName = $"shoal-bench {name}" }
            .CreateConnectionAsync(cancellation);

    public async Task SetupAsync(CancellationToken cancellation)
    {
        var name = options.Queue ?? $"bench-{DateTime.UtcNow:HHmmss}-{Random.Shared.Next(0x10000):x4}";
        _createdQueue = options.Queue is null;
        var groups = options.Scenario.Groups(options.Groups);
        _queues = options.Scenario.IsFifo() ? [.. Enumerable.Range(0, groups).Select(g => $"{name}.g{g}")] : [name];
        QueueName = options.Scenario.IsFifo() ? $"{name}.g0…g{groups - 1} (single active consumer)" : name;
        IDictionary<string, object?>? arguments = options.Scenario.IsFifo()
            ? new Dictionary<string, object?> { ["x-single-active-consumer"] = true }
            : null;
        _admin = await ConnectAsync("admin", cancellation);
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        foreach (var queue in _queues)
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments,
                cancellationToken: cancellation);
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        if (!_createdQueue || _admin is null) return;
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        foreach (var queue in _queues)
            await channel.QueueDeleteAsync(queue, cancellationToken: cancellation);
    }

    public async Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("producer", cancellation);
        // With confirmation tracking, each BasicPublishAsync completes when the broker confirms (or nacks) it.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellation);
        return new AmqpProducer(run, connection, channel, _queues);
    }

    public async Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("consumer", cancellation);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        // At most 10 unacknowledged messages per consumer, like one ReceiveMessage of 10: per channel
        // (global) in the FIFO scenarios, where a consumer subscribes to several group queues.
        await channel.BasicQosAsync(0, 10, global: run.Scenario.IsFifo(), cancellation);
        return new AmqpConsumer(run, connection, channel, SubscribedQueues(Interlocked.Increment(ref _consumers) - 1));
    }

    /// <summary>
    /// The queues consumer <paramref name="index"/> subscribes to. With at least as many group queues as
    /// consumers, the groups are split between the consumers (queue g to consumer g mod consumers);
    /// with fewer, several consumers subscribe to the same group queue, and RabbitMQ keeps all but one idle.
    /// </summary>
    private string[] SubscribedQueues(int index)
    {
        var consumers = options.Consumers;
        if (_queues.Length < consumers)
            return [_queues[index % _queues.Length]];
        return [.. _queues.Where((_, g) => g % consumers == index % consumers)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
            await _admin.DisposeAsync();
    }
}
