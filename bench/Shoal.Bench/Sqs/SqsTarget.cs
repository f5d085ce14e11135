using System.Diagnostics;
using System.Net;
using Shoal.Bench.Cli;
using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

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
        QueueName = options.Queue ?? $"bench-{DateTime.UtcNow:HHmmss}-{Random.Shared.Next(0x10000):x4}";
        _createdQueue = options.Queue is null;
        using var connection = new RawHttpConnection(_endPoint);
        var response = await connection.SendAsync(SqsRequests.CreateQueue(_wire, QueueName, VisibilityTimeoutSeconds), cancellation);
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

/// <summary>SendMessage or SendMessageBatch over one connection.</summary>
internal sealed class SqsProducer(RunContext run, RawHttpConnection connection, SqsRequests requests) : IProducer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly RequestDeadline _deadline = new(SqsTarget.RequestTimeout);

    public async ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation)
    {
        var batch = run.Scenario.BatchSize() > 1;
        var request = batch ? requests.SendMessageBatch(run.Codec, firstId, count) : requests.SendMessage(run.Codec, firstId);
        var started = Stopwatch.GetTimestamp();
        HttpResponse response;
        try
        {
            response = await connection.SendAsync(request, _deadline.Start());
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            run.Stats.AddError(ex is OperationCanceledException ? "request timeout" : $"connection: {ex.Message}", count);
            return 0;
        }
        finally
        {
            run.Stats.AddRequest();
        }
        _stats.For(batch ? Op.SendMessageBatch : Op.SendMessage).RecordSince(started);

        var body = response.Body.Span;
        if (response.Status != 200)
        {
            run.Stats.AddError(SqsResponses.ErrorKind(response.Status, body), count);
            return 0;
        }
        try
        {
            return Acknowledged(body, batch, count);
        }
        catch (System.Text.Json.JsonException)
        {
            run.Stats.AddError("malformed JSON reply", count);
            return 0;
        }
    }

    private int Acknowledged(ReadOnlySpan<byte> body, bool batch, int count)
    {
        if (!batch)
        {
            if (SqsResponses.HasMessageId(body)) return 1;
            run.Stats.AddError("SendMessage reply without MessageId");
            return 0;
        }

        var (mask, failed, firstFailure) = SqsResponses.BatchResult(body);
        var all = (1 << count) - 1;
        if (failed > 0)
            run.Stats.AddError($"SendMessageBatch entry failed: {firstFailure}", failed);
        if ((mask & all) != all && failed == 0)
            run.Stats.AddError("SendMessageBatch reply lacks entries", count - System.Numerics.BitOperations.PopCount((uint)(mask & all)));
        return mask & all;
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>ReceiveMessage (up to 10, long polling), then DeleteMessage each or one DeleteMessageBatch.</summary>
internal sealed class SqsConsumer(RunContext run, RawHttpConnection connection, SqsRequests requests) : IConsumer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly ReceivedBatch _batch = new();
    private readonly List<int> _toDelete = new(10);

    public async Task RunAsync(CancellationToken stop)
    {
        var wait = run.Options.WaitTimeSeconds;
        using var deadline = new RequestDeadline(SqsTarget.RequestTimeout + TimeSpan.FromSeconds(wait));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var response = await TimedAsync(Op.ReceiveMessage, requests.ReceiveMessage(10, wait), deadline.Start());
                if (response.Status != 200)
                {
                    run.Stats.AddError(SqsResponses.ErrorKind(response.Status, response.Body.Span));
                    await Task.Delay(10, CancellationToken.None);
                    continue;
                }
                SqsResponses.ReceivedMessages(response.Body.Span, run.Codec, _batch);

                // Every message is deleted, leftovers of other runs too; only ours count as done.
                _toDelete.Clear();
                for (var i = 0; i < _batch.Messages.Count; i++)
                {
                    var message = _batch.Messages[i];
                    if (run.OnReceived(message.Result, message.Id) || message.Result == DecodeResult.Foreign)
                        _toDelete.Add(i);
                }
                if (_toDelete.Count == 0) continue;

                if (run.Scenario.BatchSize() > 1)
                    await DeleteBatchAsync(deadline);
                else
                    foreach (var index in _toDelete)
                        await DeleteOneAsync(index, deadline);
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is ObjectDisposedException or IOException or System.Net.Sockets.SocketException)
            {
                return; // the runner closed a consumer that did not stop in time
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                run.Stats.AddError(ex is OperationCanceledException ? "request timeout" : $"connection: {ex.Message}");
            }
            catch (System.Text.Json.JsonException)
            {
                run.Stats.AddError("malformed JSON reply");
            }
        }
    }

    private async Task DeleteOneAsync(int index, RequestDeadline deadline)
    {
        var response = await TimedAsync(Op.DeleteMessage, requests.DeleteMessage(_batch.ReceiptHandle(index)), deadline.Start());
        if (response.Status != 200)
        {
            run.Stats.AddError(SqsResponses.ErrorKind(response.Status, response.Body.Span));
            return;
        }
        var message = _batch.Messages[index];
        if (message.Result == DecodeResult.Ok)
            run.OnDeleted(message.Id, message.SentTimestamp, _stats);
    }

    private async Task DeleteBatchAsync(RequestDeadline deadline)
    {
        var response = await TimedAsync(Op.DeleteMessageBatch, requests.DeleteMessageBatch(_batch, _toDelete), deadline.Start());
        if (response.Status != 200)
        {
            run.Stats.AddError(SqsResponses.ErrorKind(response.Status, response.Body.Span), _toDelete.Count);
            return;
        }
        var (mask, failed, firstFailure) = SqsResponses.BatchResult(response.Body.Span);
        if (failed > 0)
            run.Stats.AddError($"DeleteMessageBatch entry failed: {firstFailure}", failed);
        foreach (var index in _toDelete)
        {
            var message = _batch.Messages[index];
            if ((mask & (1 << index)) != 0 && message.Result == DecodeResult.Ok)
                run.OnDeleted(message.Id, message.SentTimestamp, _stats);
        }
    }

    private async Task<HttpResponse> TimedAsync(Op op, ReadOnlyMemory<byte> request, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        run.Stats.AddRequest();
        var response = await connection.SendAsync(request, cancellation);
        _stats.For(op).RecordSince(started);
        return response;
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
