using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Amqp;

/// <summary>
/// Consumes with manual acks: each message acked on its own (e2e), or ten at a time with one
/// multiple-ack (e2e-batch, FIFO and fan-out, like DeleteMessageBatch; a short timer acks a partial tail).
/// The deliveries of one channel are handled one at a time, in the order they arrive. In a fan-out the
/// consumer has one bound queue, <paramref name="copy"/>.
/// </summary>
internal sealed class AmqpConsumer(RunContext run, IConnection connection, IChannel channel, string[] queues, int copy) : IConsumer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly SemaphoreSlim _ackLock = new(1, 1);
    private readonly List<(long Id, long SentAt)> _pending = new(10);
    private ulong _lastTag;
    private int _unacked;

    public async Task RunAsync(CancellationToken stop)
    {
        var tags = new List<string>(queues.Length);
        foreach (var queue in queues)
        {
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnDeliveryAsync;
            tags.Add(await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stop));
        }
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            while (await timer.WaitForNextTickAsync(stop))
                if (run.Scenario.DeletesInBatches())
                    await FlushAsync(minimum: 1);
        }
        catch (OperationCanceledException)
        {
        }
        foreach (var tag in tags)
        {
            try
            {
                await channel.BasicCancelAsync(tag);
            }
            catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException)
            {
            }
        }
    }

    private async Task OnDeliveryAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var result = run.Codec.Decode(delivery.Body.Span, out var id, out var sentAt, out var stream);
        var ours = run.OnReceived(result, id, stream, copy);
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
            await FlushAsync(minimum: run.Scenario.DeletesInBatches() ? 10 : 1);
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
                run.OnDeleted(id, sentAt, _stats, copy);
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
