using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Shoal.Bench.Cli;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

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

/// <summary>Publishes one message, or ten with all ten confirms awaited together.</summary>
internal sealed class AmqpProducer(RunContext run, IConnection connection, IChannel channel, string queue) : IProducer
{
    private static readonly BasicProperties Persistent = new() { Persistent = true };
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly byte[][] _bodies = [.. Enumerable.Range(0, 10).Select(_ => new byte[run.Codec.BodySize])];
    private readonly ValueTask[] _publishes = new ValueTask[10];

    public async ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        run.Stats.AddRequest();
        // Start every publish, then collect the confirms; each body has its own buffer while in flight.
        for (var i = 0; i < count; i++)
        {
            run.Codec.Encode(firstId + i, _bodies[i]);
            _publishes[i] = Publish(_bodies[i], cancellation);
        }
        var acknowledged = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                await _publishes[i];
                acknowledged |= 1 << i;
            }
            catch (PublishException ex)
            {
                run.Stats.AddError(ex.IsReturn ? "publish returned (unroutable)" : "publish nacked");
            }
            catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or IOException)
            {
                run.Stats.AddError($"amqp: {ex.GetType().Name}");
            }
        }
        _stats.For(count > 1 ? Op.PublishBatch : Op.Publish).RecordSince(started);
        return acknowledged;
    }

    private ValueTask Publish(byte[] body, CancellationToken cancellation)
    {
        try
        {
            return channel.BasicPublishAsync("", queue, mandatory: true, Persistent, body, cancellation);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException(ex); // surfaces in the collect loop like any failed publish
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>
/// Consumes with manual acks: each message acked on its own (e2e), or ten at a time with one
/// multiple-ack (e2e-batch, like DeleteMessageBatch; a short timer acks a partial tail).
/// </summary>
internal sealed class AmqpConsumer(RunContext run, IConnection connection, IChannel channel, string queue) : IConsumer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly SemaphoreSlim _ackLock = new(1, 1);
    private readonly List<(long Id, long SentAt)> _pending = new(10);
    private ulong _lastTag;
    private int _unacked;

    public async Task RunAsync(CancellationToken stop)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnDeliveryAsync;
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stop);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            while (await timer.WaitForNextTickAsync(stop))
                if (run.Scenario.BatchSize() > 1)
                    await FlushAsync(minimum: 1);
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            await channel.BasicCancelAsync(tag);
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException)
        {
        }
    }

    private async Task OnDeliveryAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var result = run.Codec.Decode(delivery.Body.Span, out var id, out var sentAt);
        var ours = run.OnReceived(result, id);
        try
        {
            await _ackLock.WaitAsync();
            try
            {
                _lastTag = delivery.DeliveryTag;
                _unacked++;
                if (ours)
                    _pending.Add((id, sentAt));
            }
            finally
            {
                _ackLock.Release();
            }
            await FlushAsync(minimum: run.Scenario.BatchSize());
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or IOException)
        {
            run.Stats.AddError($"amqp ack: {ex.GetType().Name}");
        }
    }

    /// <summary>Acks everything received so far (one multiple-ack) once at least <paramref name="minimum"/> are waiting.</summary>
    private async Task FlushAsync(int minimum)
    {
        await _ackLock.WaitAsync();
        try
        {
            if (_unacked == 0 || _unacked < minimum)
                return;
            await channel.BasicAckAsync(_lastTag, multiple: _unacked > 1);
            run.Stats.AddRequest();
            foreach (var (id, sentAt) in _pending)
                run.OnDeleted(id, sentAt, _stats);
            _pending.Clear();
            _unacked = 0;
        }
        finally
        {
            _ackLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
        _ackLock.Dispose();
    }
}
