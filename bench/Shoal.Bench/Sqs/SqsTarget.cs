using System.Net;
using Shoal.Bench.Cli;
using Shoal.Bench.Http;
using Shoal.Bench.Load;

namespace Shoal.Bench.Sqs;

/// <summary>An SQS-compatible server reached with the AWS JSON 1.0 protocol over HTTP/1.1.</summary>
public sealed class SqsTarget(BenchOptions options) : IBrokerTarget
{
    private readonly SqsWire _wire = new(options.Endpoint);
    private readonly EndPoint _endPoint = RawHttpConnection.LoopbackEndPoint(options.Endpoint);
    private SqsQueue? _queue;
    private bool _createdQueue;

    public string Protocol => "sqs-json";
    public string QueueName { get; private set; } = "";

    public async Task SetupAsync(CancellationToken cancellation)
    {
        // A run with its own queue starts empty and leaves nothing behind; --queue reuses a queue as is.
        var fifo = options.Scenario.IsFifo();
        QueueName = options.Queue ?? BrokerNames.Unique() + (fifo ? ".fifo" : "");
        _createdQueue = options.Queue is null;
        using var connection = new RawHttpConnection(_endPoint);
        _queue = await SqsQueue.CreateAsync(connection, _wire, QueueName, fifo, cancellation);
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        if (!_createdQueue || _queue is null) return;
        using var connection = new RawHttpConnection(_endPoint);
        await _queue.DeleteAsync(connection, cancellation);
    }

    public Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation) =>
        Task.FromResult<IProducer>(new SqsProducer(run, new RawHttpConnection(_endPoint), _queue!.Requests()));

    public Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation) =>
        Task.FromResult<IConsumer>(new SqsConsumer(run, new RawHttpConnection(_endPoint), _queue!.Requests()));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
