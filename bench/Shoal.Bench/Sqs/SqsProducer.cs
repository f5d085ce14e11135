using System.Diagnostics;
using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Sqs;

/// <summary>SendMessage or SendMessageBatch over one connection; to a FIFO queue, over this producer's message groups.</summary>
internal sealed class SqsProducer(RunContext run, RawHttpConnection connection, SqsRequests requests) : IProducer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly RequestDeadline _deadline = new(SqsTarget.RequestTimeout);
    private readonly GroupCursor? _groups = run.Fifo?.ForProducer(run.NextProducerIndex());

    public async ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation)
    {
        var batch = run.Scenario.BatchSize() > 1;
        var request = batch
            ? requests.SendMessageBatch(run.Codec, firstId, count, run.Fifo, _groups)
            : requests.SendMessage(run.Codec, firstId, run.Fifo, _groups);
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
