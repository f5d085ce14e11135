using Shoal.Bench.Cli;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Load;

/// <summary>Everything the workers of one run (one phase: warm-up or measured) share.</summary>
public sealed class RunContext(BenchOptions options)
{
    public BenchOptions Options { get; } = options;
    public Scenario Scenario => Options.Scenario;
    /// <summary>A fresh random tag per run, so leftovers of an earlier run in the same queue are recognised.</summary>
    public MessageCodec Codec { get; } = new((uint)Random.Shared.NextInt64(1L << 32), options.BodySize);
    public DeliveryLedger Ledger { get; } = new();
    public RunStats Stats { get; } = new();

    /// <summary>Books a received message; returns whether the consumer should count its delete.</summary>
    public bool OnReceived(DecodeResult result, long id)
    {
        switch (result)
        {
            case DecodeResult.Ok when Ledger.MarkReceived(id):
                return true;
            case DecodeResult.Foreign:
                Stats.AddForeign(1);
                return false;
            default:
                Stats.AddError("corrupt message body");
                return false;
        }
    }

    /// <summary>Books a deleted (SQS) or acknowledged (AMQP) message and its send-to-delete latency.</summary>
    public void OnDeleted(long id, long sentTimestamp, WorkerStats worker)
    {
        Ledger.MarkDeleted(id);
        Stats.AddCompleted(1);
        worker.For(Op.EndToEnd).RecordSince(sentTimestamp);
    }
}
