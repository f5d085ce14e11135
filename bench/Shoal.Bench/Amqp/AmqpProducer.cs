using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Amqp;

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
