using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Amqp;

/// <summary>
/// Publishes one message, or ten with all ten confirms awaited together; in the FIFO scenarios each to the
/// queue of its message group (the next of this producer's groups); in the topic scenarios to the fanout
/// <paramref name="exchange"/>.
/// </summary>
internal sealed class AmqpProducer(RunContext run, IConnection connection, IChannel channel, string exchange, string[] queues) : IProducer
{
    private static readonly BasicProperties Persistent = new() { Persistent = true };
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly GroupCursor? _groups = run.Fifo?.ForProducer(run.NextProducerIndex());
    private readonly byte[][] _bodies = [.. Enumerable.Range(0, 10).Select(_ => new byte[run.Codec.BodySize])];
    private readonly ValueTask[] _publishes = new ValueTask[10];

    public async ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        run.Stats.AddRequest();
        // Start every publish, then collect the confirms; each body has its own buffer while in flight.
        for (var i = 0; i < count; i++)
        {
            var (group, stream) = _groups?.Next() ?? (0, 0);
            run.Codec.Encode(firstId + i, _bodies[i], stream);
            _publishes[i] = Publish(exchange.Length > 0 ? "" : queues[group], _bodies[i], cancellation);
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

    /// <summary>
    /// Mandatory (a message no queue takes comes back as an error) except to an exchange without queues, the
    /// topic without subscribers, where dropping the message is what is asked for.
    /// </summary>
    private ValueTask Publish(string routingKey, byte[] body, CancellationToken cancellation)
    {
        try
        {
            return channel.BasicPublishAsync(exchange, routingKey, mandatory: queues.Length > 0, Persistent, body, cancellation);
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
