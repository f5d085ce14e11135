using System.Text.Json;
using System.Text.Json.Serialization;
using Shoal.Bench.Cli;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Report;

public sealed record OpLatency(string Op, long Count, double P50Ms, double P99Ms, double MeanMs, double MaxMs);

/// <summary>The result of one measured run: one row of the table, one line of the --json file.</summary>
public sealed record RunSummary
{
    public string Label { get; init; } = "";
    /// <summary>Set instead of the figures when a peer could not be measured (written by run-peers.sh).</summary>
    public string? Note { get; init; }
    public string? Protocol { get; init; }
    public string? Scenario { get; init; }
    public string? Endpoint { get; init; }
    public DateTime? StartedUtc { get; init; }
    public int Concurrency { get; init; }
    public int Consumers { get; init; }
    public int BodySize { get; init; }
    /// <summary>FIFO scenarios: message groups.</summary>
    public int? Groups { get; init; }
    /// <summary>Topic scenarios: queues subscribed to the topic (bound to the exchange).</summary>
    public int? Subscribers { get; init; }
    public double Seconds { get; init; }
    /// <summary>
    /// Messages done: acknowledged sends or publishes (send and publish scenarios), deleted/acked messages (e2e),
    /// messages deleted from every subscribed queue (fan-out).
    /// </summary>
    public long Messages { get; init; }
    public double MessagesPerSecond { get; init; }
    /// <summary>Fan-out: deletes/acks of our messages over all queues (about Messages × Subscribers).</summary>
    public long? Deliveries { get; init; }
    public double? DeliveriesPerSecond { get; init; }
    public long Requests { get; init; }
    public double RequestsPerSecond { get; init; }
    /// <summary>Latency of the producer's request (SendMessage, SendMessageBatch, Publish, PublishBatch, AMQP publish until confirmed).</summary>
    public double SendP50Ms { get; init; }
    public double SendP99Ms { get; init; }
    /// <summary>Send-to-delete latency of a message (e2e scenarios; fan-out: of each delivery, publish to delete from one queue).</summary>
    public double? E2eP50Ms { get; init; }
    public double? E2eP99Ms { get; init; }
    public IReadOnlyList<OpLatency> Ops { get; init; } = [];
    public double? ServerCpuCores { get; init; }
    public double? ServerPeakRssMiB { get; init; }
    public double ClientCpuCores { get; init; }
    public double MachineBusyCores { get; init; }
    public long Errors { get; init; }
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
    /// <summary>e2e: sends acknowledged.</summary>
    public long? Sent { get; init; }
    /// <summary>e2e: messages of ours received at least once.</summary>
    public long? Received { get; init; }
    /// <summary>
    /// FIFO e2e: messages received after a later message of the same producer and group had been received
    /// (<see cref="FifoStreams"/>); a FIFO broker has none.
    /// </summary>
    public long? OrderViolations { get; init; }
    /// <summary>e2e: sends acknowledged, never deleted within the drain timeout.</summary>
    public long Missing { get; init; }
    /// <summary>e2e: extra receipts of a message already received.</summary>
    public long Duplicates { get; init; }
    /// <summary>Fan-out: received, missing and duplicates for each subscribed queue (Missing and Duplicates are their sums).</summary>
    public IReadOnlyList<CopyTotals>? PerQueue { get; init; }
    /// <summary>e2e: messages whose send failed or timed out on our side and still arrived.</summary>
    public long DeliveredWithoutAck { get; init; }
    /// <summary>Messages of an earlier run found in a reused --queue.</summary>
    public long Foreign { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJsonLine() => JsonSerializer.Serialize(this, Json);

    public static RunSummary? FromJsonLine(string line) => JsonSerializer.Deserialize<RunSummary>(line, Json);

    public static RunSummary From(BenchOptions options, IBrokerTarget target, PhaseResult result, DateTime startedUtc)
    {
        var latencies = result.Run.Stats.MergedLatencies();
        var sendOp = (target.Protocol, options.Scenario.BatchSize()) switch
        {
            ("amqp", 1) => Op.Publish,
            ("amqp", _) => Op.PublishBatch,
            ("sns-query", 1) => Op.SnsPublish,
            ("sns-query", _) => Op.SnsPublishBatch,
            (_, 1) => Op.SendMessage,
            _ => Op.SendMessageBatch,
        };
        latencies.TryGetValue(sendOp, out var send);
        latencies.TryGetValue(Op.EndToEnd, out var e2e);
        var seconds = Math.Max(1e-9, result.Elapsed.TotalSeconds);
        var stats = result.Run.Stats;
        var hasConsumers = options.Scenario.HasConsumers();
        var fanout = options.Scenario.Subscribers() > 0;

        return new RunSummary
        {
            Label = options.Label,
            Protocol = target.Protocol,
            Scenario = options.Scenario.Name(),
            Endpoint = options.Endpoint.ToString(),
            StartedUtc = startedUtc,
            Concurrency = options.Concurrency,
            Consumers = options.Scenario.ConsumerConnections(options.Consumers),
            BodySize = options.BodySize,
            Groups = result.Run.Fifo?.Groups,
            Subscribers = options.Scenario.IsTopic() ? options.Scenario.Subscribers() : null,
            Seconds = Math.Round(seconds, 3),
            Messages = stats.Completed,
            MessagesPerSecond = Math.Round(stats.Completed / seconds, 1),
            Deliveries = fanout ? stats.Delivered : null,
            DeliveriesPerSecond = fanout ? Math.Round(stats.Delivered / seconds, 1) : null,
            Requests = stats.Requests,
            RequestsPerSecond = Math.Round(stats.Requests / seconds, 1),
            SendP50Ms = Round(send?.PercentileMillis(50)),
            SendP99Ms = Round(send?.PercentileMillis(99)),
            E2eP50Ms = hasConsumers ? Round(e2e?.PercentileMillis(50)) : null,
            E2eP99Ms = hasConsumers ? Round(e2e?.PercentileMillis(99)) : null,
            Ops = [.. latencies.OrderBy(l => l.Key).Select(l => new OpLatency(l.Key.ToString(), l.Value.Count,
                Round(l.Value.PercentileMillis(50)), Round(l.Value.PercentileMillis(99)),
                Round(l.Value.MeanMillis), Round(l.Value.MaxMicros / 1000.0)))],
            ServerCpuCores = options.ServerPid is null ? null : Math.Round(result.Usage.ServerCores, 2),
            ServerPeakRssMiB = options.ServerPid is null ? null : Math.Round(result.Usage.ServerPeakRssMiB, 1),
            ClientCpuCores = Math.Round(result.Usage.ClientCores, 2),
            MachineBusyCores = Math.Round(result.Usage.MachineBusyCores, 2),
            Errors = stats.Errors,
            ErrorKinds = stats.ErrorKinds.ToDictionary(),
            Sent = hasConsumers ? result.Ledger.Sent : null,
            Received = hasConsumers ? result.Ledger.Received : null,
            OrderViolations = hasConsumers ? result.Run.Fifo?.OrderViolations : null,
            Missing = hasConsumers ? result.Ledger.Missing : 0,
            Duplicates = result.Ledger.Duplicates,
            PerQueue = fanout ? result.Ledger.PerCopy : null,
            DeliveredWithoutAck = result.Ledger.DeliveredWithoutAck,
            Foreign = stats.Foreign,
        };
    }

    private static double Round(double? millis) => Math.Round(millis ?? 0, 2);
}
