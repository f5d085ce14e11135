using System.Diagnostics;
using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Sqs;

/// <summary>
/// ReceiveMessage (up to 10, long polling), then DeleteMessage each or one DeleteMessageBatch; in a fan-out, from
/// subscribed queue <paramref name="copy"/>.
/// </summary>
internal sealed class SqsConsumer(RunContext run, RawHttpConnection connection, SqsRequests requests, int copy = 0) : IConsumer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly ReceivedBatch _batch = new();
    private readonly List<int> _toDelete = new(10);

    public async Task RunAsync(CancellationToken stop)
    {
        var wait = run.Options.WaitTimeSeconds;
        using var deadline = new RequestDeadline(RequestDeadline.HttpRequestTimeout + TimeSpan.FromSeconds(wait));
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

                // Every message is deleted, leftovers of other runs too; only ours count as done. Messages are
                // booked in the order of the reply, which is the order within each group of a FIFO queue.
                _toDelete.Clear();
                for (var i = 0; i < _batch.Messages.Count; i++)
                {
                    var message = _batch.Messages[i];
                    if (run.OnReceived(message.Result, message.Id, message.Stream, copy) || message.Result == DecodeResult.Foreign)
                        _toDelete.Add(i);
                }
                if (_toDelete.Count == 0) continue;

                if (run.Scenario.DeletesInBatches())
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
            run.OnDeleted(message.Id, message.SentTimestamp, _stats, copy);
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
                run.OnDeleted(message.Id, message.SentTimestamp, _stats, copy);
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
