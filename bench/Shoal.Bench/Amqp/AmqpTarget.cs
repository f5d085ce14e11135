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
/// <para>
/// The topic scenarios (SNS's publish and fan-out) use a durable fanout exchange: producers publish to it,
/// and in a fan-out it is bound to one durable queue per subscriber, so RabbitMQ confirms a message once it is
/// in every bound queue, as SNS acknowledges a publish once it will reach every subscription. Without bound
/// queues (<c>publish</c>, <c>publish-batch</c>) RabbitMQ drops the message and confirms it at once.
/// </para>
/// </summary>
public sealed class AmqpTarget(BenchOptions options) : IBrokerTarget
{
    private IConnection? _admin;
    private bool _createdQueue;
    /// <summary>The queues messages go to: the queue, one per message group (FIFO), or the exchange's bound queues (topic).</summary>
    private string[] _queues = [];
    /// <summary>The topic scenarios' fanout exchange; "" (the default exchange, routing by queue name) otherwise.</summary>
    private string _exchange = "";
    private int _consumers;

    public string Protocol => "amqp";
    public string QueueName { get; private set; } = "";

    internal Task<IConnection> ConnectAsync(string name, CancellationToken cancellation) =>
        new ConnectionFactory { Uri = options.Endpoint, ClientProvidedName = $"shoal-bench {name}" }
            .CreateConnectionAsync(cancellation);

    public async Task SetupAsync(CancellationToken cancellation)
    {
        var name = options.Queue ?? BrokerNames.Unique();
        _createdQueue = options.Queue is null;
        var scenario = options.Scenario;
        var groups = scenario.Groups(options.Groups);
        _queues = scenario switch
        {
            _ when scenario.IsFifo() => [.. Enumerable.Range(0, groups).Select(g => $"{name}.g{g}")],
            _ when scenario.IsTopic() => [.. Enumerable.Range(0, scenario.Subscribers()).Select(q => $"{name}-q{q}")],
            _ => [name],
        };
        QueueName = scenario switch
        {
            _ when scenario.IsFifo() => $"{name}.g0…g{groups - 1} (single active consumer)",
            _ when _queues.Length > 0 && scenario.IsTopic() => $"fanout exchange {name} → queues {name}-q0…q{_queues.Length - 1}",
            _ when scenario.IsTopic() => $"fanout exchange {name} (no queues bound)",
            _ => name,
        };
        IDictionary<string, object?>? arguments = scenario.IsFifo()
            ? new Dictionary<string, object?> { ["x-single-active-consumer"] = true }
            : null;
        _admin = await ConnectAsync("admin", cancellation);
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        if (scenario.IsTopic())
        {
            _exchange = name;
            await channel.ExchangeDeclareAsync(_exchange, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellation);
        }
        foreach (var queue in _queues)
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments,
                cancellationToken: cancellation);
            if (_exchange.Length > 0)
                await channel.QueueBindAsync(queue, _exchange, "", cancellationToken: cancellation);
        }
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        if (!_createdQueue || _admin is null) return;
        await using var channel = await _admin.CreateChannelAsync(cancellationToken: cancellation);
        foreach (var queue in _queues)
            await channel.QueueDeleteAsync(queue, cancellationToken: cancellation);
        if (_exchange.Length > 0)
            await channel.ExchangeDeleteAsync(_exchange, cancellationToken: cancellation);
    }

    public async Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("producer", cancellation);
        // With confirmation tracking, each BasicPublishAsync completes when the broker confirms (or nacks) it.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellation);
        return new AmqpProducer(run, connection, channel, _exchange, _queues);
    }

    public async Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation)
    {
        var connection = await ConnectAsync("consumer", cancellation);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellation);
        // At most 10 unacknowledged messages per consumer, like one ReceiveMessage of 10: per channel
        // (global) in the FIFO scenarios, where a consumer subscribes to several group queues.
        await channel.BasicQosAsync(0, 10, global: run.Scenario.IsFifo(), cancellation);
        var index = Interlocked.Increment(ref _consumers) - 1;
        if (run.Scenario.Subscribers() == 0)
            return new AmqpConsumer(run, connection, channel, SubscribedQueues(index), copy: 0);
        // Fan-out: the bound queues in turn, the same number of consumers on each; what a consumer gets is that queue's copy.
        var copy = index % _queues.Length;
        return new AmqpConsumer(run, connection, channel, [_queues[copy]], copy);
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
