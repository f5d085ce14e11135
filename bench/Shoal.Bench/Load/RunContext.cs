using Shoal.Bench.Cli;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Load;

/// <summary>Everything the workers of one run (one phase: warm-up or measured) share.</summary>
public sealed class RunContext(BenchOptions options)
{
    public BenchOptions Options { get; } = options;
    public Scenario Scenario => Options.Scenario;
    /// <summary>A fresh random tag per run, so leftovers of an earlier run in the same queue are recognised.</summary>
    public MessageCodec Codec { get; } = new((uint)Random.Shared.NextInt64(1L << 32), options.BodySize, options.Scenario.IsFifo());
    /// <summary>FIFO scenarios: message groups per producer and the per-group order check; null otherwise.</summary>
    public FifoStreams? Fifo { get; } = options.Scenario.IsFifo()
        ? new FifoStreams(options.Concurrency, options.Scenario.Groups(options.Groups))
        : null;
    /// <summary>One copy per queue a message reaches: the queue, or each subscribed queue of a fan-out.</summary>
    public DeliveryLedger Ledger { get; } = new(options.Scenario.Copies());
    public RunStats Stats { get; } = new();

    private int _producers;

    /// <summary>0, 1, 2, … for the producers of this run, in the order they are opened.</summary>
    public int NextProducerIndex() => Interlocked.Increment(ref _producers) - 1;

    /// <summary>
    /// Books a message received from queue <paramref name="copy"/> (consumers call it in the order the broker
    /// handed messages out); returns whether the consumer should count its delete.
    /// </summary>
    public bool OnReceived(DecodeResult result, long id, int stream = 0, int copy = 0)
    {
        switch (result)
        {
            case DecodeResult.Ok when Ledger.MarkReceived(id, copy):
                if (Fifo is null || Fifo.OnReceived(stream, id))
                    return true;
                Stats.AddError("corrupt message body (no such producer or group)");
                return false;
            case DecodeResult.Foreign:
                Stats.AddForeign(1);
                return false;
            default:
                Stats.AddError("corrupt message body");
                return false;
        }
    }

    /// <summary>
    /// Books a message deleted (SQS) or acknowledged (AMQP) from queue <paramref name="copy"/> and its
    /// send-to-delete latency; the message is done once deleted from every queue it goes to.
    /// </summary>
    public void OnDeleted(long id, long sentTimestamp, WorkerStats worker, int copy = 0)
    {
        Stats.AddDelivered(1);
        if (Ledger.MarkDeleted(id, copy))
            Stats.AddCompleted(1);
        worker.For(Op.EndToEnd).RecordSince(sentTimestamp);
    }
}
