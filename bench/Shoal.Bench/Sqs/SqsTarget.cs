using System.Net;
using Shoal.Bench.Cli;
using Shoal.Bench.Http;
using Shoal.Bench.Load;

namespace Shoal.Bench.Sqs;

/// <summary>An SQS-compatible server reached with the AWS JSON 1.0 protocol over HTTP/1.1.</summary>
public sealed class SqsTarget(BenchOptions options) : IBrokerTarget
{
    // Longer than any drain, so a received-but-not-yet-deleted message is never handed out twice.
    private const int VisibilityTimeoutSeconds = 120;
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly SqsWire _wire = new(options.Endpoint);
    private readonly EndPoint _endPoint = ResolveLoopback(options.Endpoint);
    private byte[] _queueUrlJson = [];
    private bool _createdQueue;

    public string Protocol => "sqs-json";
    public string QueueName { get; private set; } = "";

    public async Task SetupAsync(CancellationToken cancellation)
    {
        // A run with its own queue starts empty and leaves nothing behind; --queue reuses a queue as is.
        var fifo = options.Scenario.IsFifo();
        QueueName = options.Queue ?? $"bench-{DateTime.UtcNow:HHmmss}-{Random.Shared.Next(0x10000):x4}{(fifo ? ".fifo" : "")}";
        _createdQueue = options.Queue is null;
        using var connection = new RawHttpConnection(_endPoint);
        var response = await connection.SendAsync(SqsRequests.CreateQueue(_wire, QueueName, VisibilityTimeoutSeconds, fifo), cancellation);
        if (response.Status != 200 || SqsResponses.QueueUrl(response.Body.Span) is not { } url)
            throw new InvalidOperationException(
                $"CreateQueue {QueueName} failed: {SqsResponses.ErrorKind(response.Status, response.Body.Span)}");
        _queueUrlJson = url;
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        if (!_createdQueue) return;
        using var connection = new RawHttpConnection(_endPoint);
        var response = await connection.SendAsync(new SqsRequests(_wire, _queueUrlJson).DeleteQueue(), cancellation);
        if (response.Status != 200)
            Console.Error.WriteLine($"DeleteQueue {QueueName}: {SqsResponses.ErrorKind(response.Status, response.Body.Span)}");
    }

    public Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation) =>
        Task.FromResult<IProducer>(new SqsProducer(run, new RawHttpConnection(_endPoint), new SqsRequests(_wire, _queueUrlJson)));

    public Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation) =>
        Task.FromResult<IConsumer>(new SqsConsumer(run, new RawHttpConnection(_endPoint), new SqsRequests(_wire, _queueUrlJson)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static IPEndPoint ResolveLoopback(Uri endpoint)
    {
        var address = endpoint.IsLoopback && !IPAddress.TryParse(endpoint.Host, out _)
            ? IPAddress.Loopback // "localhost": skip the resolver
            : IPAddress.Parse(endpoint.Host.Trim('[', ']'));
        return new IPEndPoint(address, endpoint.Port);
    }
}
