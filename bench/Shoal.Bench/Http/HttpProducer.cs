using System.Diagnostics;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Http;

/// <summary>
/// A producer over one HTTP connection with one request in flight: it times the request and books transport
/// and HTTP errors; the protocol builds the request and reads which messages the reply acknowledged.
/// </summary>
internal abstract class HttpProducer(RunContext run, RawHttpConnection connection) : IProducer
{
    private readonly WorkerStats _stats = run.Stats.NewWorker();
    private readonly RequestDeadline _deadline = new(RequestDeadline.HttpRequestTimeout);

    protected RunContext Run => run;

    /// <summary>The request that sends messages <paramref name="firstId"/>… (one: a single send; more: a batch), and what to time it as.</summary>
    protected abstract (ReadOnlyMemory<byte> Request, Op Op) Build(long firstId, int count);

    /// <summary>A short description of an error reply.</summary>
    protected abstract string ErrorKind(int status, ReadOnlySpan<byte> body);

    /// <summary>A bit mask of the messages a 200 reply acknowledged; books what it reports as failed.</summary>
    protected abstract int Acknowledged(ReadOnlySpan<byte> body, int count);

    public async ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation)
    {
        var (request, op) = Build(firstId, count);
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
        _stats.For(op).RecordSince(started);

        var body = response.Body.Span;
        if (response.Status != 200)
        {
            run.Stats.AddError(ErrorKind(response.Status, body), count);
            return 0;
        }
        return Acknowledged(body, count);
    }

    /// <summary>Books the entries of a batch reply that are neither successful nor failed; returns the acknowledged ones.</summary>
    protected int CheckBatch(string operation, int mask, int failed, string? firstFailure, int count)
    {
        var all = (1 << count) - 1;
        if (failed > 0)
            run.Stats.AddError($"{operation} entry failed: {firstFailure}", failed);
        if ((mask & all) != all && failed == 0)
            run.Stats.AddError($"{operation} reply lacks entries", count - System.Numerics.BitOperations.PopCount((uint)(mask & all)));
        return mask & all;
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }
}
