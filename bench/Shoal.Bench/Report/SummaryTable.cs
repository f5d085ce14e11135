using System.Globalization;
using System.Text;

namespace Shoal.Bench.Report;

/// <summary>Renders summaries as a Markdown table, ready to paste into bench/README.md.</summary>
public static class SummaryTable
{
    private static readonly string[] Header =
    [
        "peer", "scenario", "conc", "msgs/s", "deliveries/s", "send p50 ms", "send p99 ms", "e2e p50 ms", "e2e p99 ms",
        "server CPU (cores)", "server CPU µs/msg", "server peak RSS MiB", "client CPU (cores)", "other load (cores)", "errors", "missing / dup",
        "order violations",
    ];

    /// <summary>
    /// One line per peer and scenario. Repeated runs of the same peer and scenario (run-peers.sh --rounds)
    /// collapse into the run with the median throughput, shown with the range of all of them, since on a
    /// shared 2-core machine a single run can be off by a factor of two.
    /// </summary>
    public static string Render(IEnumerable<RunSummary> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", Header) + " |");
        text.AppendLine("|" + string.Concat(Header.Select((_, i) => i < 3 ? "---|" : "---:|")));
        foreach (var runs in rows.GroupBy(r => (r.Label, r.Scenario)))
            text.AppendLine("| " + string.Join(" | ", Cells(runs.ToList())) + " |");
        return text.ToString();
    }

    private static IEnumerable<string> Cells(List<RunSummary> runs)
    {
        var measured = runs.Where(r => r.Note is null).OrderBy(r => r.MessagesPerSecond).ToList();
        if (measured.Count == 0)
            return Cells(runs[^1]);
        var cells = Cells(measured[(measured.Count - 1) / 2]).ToArray();
        if (measured.Count > 1)
            cells[3] += Invariant($" ({measured[0].MessagesPerSecond:N0}–{measured[^1].MessagesPerSecond:N0}, {measured.Count} runs)");
        if (runs.Count > measured.Count)
            cells[3] += Invariant($" + {runs.Count - measured.Count} failed: {runs.First(r => r.Note is not null).Note}");
        return cells;
    }

    /// <summary>One line per error kind and per operation, for the detail under a single run's row.</summary>
    public static string Details(RunSummary row)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"  {row.Messages:N0} messages in {row.Seconds:F2} s; {row.Requests:N0} requests ({row.RequestsPerSecond:N0}/s); machine busy {row.MachineBusyCores:F2} of {Environment.ProcessorCount} cores"));
        if (row.PerQueue is { } queues && row.Sent is { } published)
        {
            text.AppendLine(Invariant($"  published (acknowledged) {published:N0}, deleted from all {queues.Count} queue(s) {row.Messages:N0}; deliveries deleted {row.Deliveries:N0}; missing {row.Missing:N0}, duplicate receipts {row.Duplicates:N0}"));
            text.AppendLine("  per queue (received / missing / dup): " + string.Join(", ",
                queues.Select((q, i) => Invariant($"q{i} {q.Received:N0} / {q.Missing:N0} / {q.Duplicates:N0}"))));
        }
        else if (row.Sent is { } sent)
            text.AppendLine(Invariant($"  sent (acknowledged) {sent:N0}, received {row.Received:N0}, deleted {row.Messages:N0}; missing {row.Missing:N0}, duplicate receipts {row.Duplicates:N0}"));
        if (row.Groups is { } groups)
            text.AppendLine(Invariant($"  FIFO: {groups:N0} message group(s)") +
                            (row.OrderViolations is { } violations ? Invariant($", order violations {violations:N0}") : ""));
        foreach (var op in row.Ops)
            text.AppendLine(Invariant($"  {op.Op,-20} n={op.Count,9:N0}  p50 {op.P50Ms,8:F2} ms  p99 {op.P99Ms,8:F2} ms  mean {op.MeanMs,8:F2} ms  max {op.MaxMs,9:F1} ms"));
        foreach (var (kind, count) in row.ErrorKinds.OrderByDescending(e => e.Value))
            text.AppendLine(Invariant($"  error x{count:N0}: {kind}"));
        if (row.DeliveredWithoutAck > 0 || row.Foreign > 0)
            text.AppendLine(Invariant($"  delivered without a send ack: {row.DeliveredWithoutAck:N0}; messages of other runs: {row.Foreign:N0}"));
        return text.ToString();
    }

    private static IEnumerable<string> Cells(RunSummary row)
    {
        if (row.Note is not null)
            return [row.Label, row.Scenario ?? "–", "", row.Note, .. Enumerable.Repeat("", Header.Length - 4)];
        var e2e = row.E2eP50Ms is not null;
        return
        [
            row.Label,
            row.Scenario ?? "",
            row.Consumers > 0 ? Invariant($"{row.Concurrency}+{row.Consumers}") : Invariant($"{row.Concurrency}"),
            Invariant($"{row.MessagesPerSecond:N0}"),
            row.DeliveriesPerSecond is { } deliveries ? Invariant($"{deliveries:N0}") : "–",
            Invariant($"{row.SendP50Ms:F2}"),
            Invariant($"{row.SendP99Ms:F2}"),
            e2e ? Invariant($"{row.E2eP50Ms:F2}") : "–",
            e2e ? Invariant($"{row.E2eP99Ms:F2}") : "–",
            row.ServerCpuCores is { } serverCpu ? Invariant($"{serverCpu:F2}") : "–",
            // CPU per message varies far less than throughput when other processes share the cores.
            // Fan-out: per publish, all its deliveries included.
            row.ServerCpuCores is { } cores && row.MessagesPerSecond > 0 ? Invariant($"{cores / row.MessagesPerSecond * 1e6:N0}") : "–",
            row.ServerPeakRssMiB is { } rss ? Invariant($"{rss:N0}") : "–",
            Invariant($"{row.ClientCpuCores:F2}"),
            // Whatever else kept the 2 cores busy: the figures are only comparable when this is low.
            row.ServerCpuCores is { } server ? Invariant($"{Math.Max(0, row.MachineBusyCores - server - row.ClientCpuCores):F2}") : "–",
            Invariant($"{row.Errors:N0}"),
            e2e ? Invariant($"{row.Missing:N0} / {row.Duplicates:N0}") : "–",
            row.OrderViolations is { } violations ? Invariant($"{violations:N0}") : "–",
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
