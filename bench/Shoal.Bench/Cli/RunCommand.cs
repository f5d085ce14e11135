using Shoal.Bench.Amqp;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;
using Shoal.Bench.Report;
using Shoal.Bench.Sns;
using Shoal.Bench.Sqs;

namespace Shoal.Bench.Cli;

/// <summary><c>run</c>: set up the queue (or topic and queues), optionally warm up, measure one scenario, print and store the summary.</summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(BenchOptions options)
    {
        await using IBrokerTarget target = options switch
        {
            { IsAmqp: true } => new AmqpTarget(options),
            _ when options.Scenario.IsTopic() => new SnsTarget(options),
            _ => new SqsTarget(options),
        };
        await using var sampler = new ResourceSampler(options.ServerPid);
        using (var setupTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await target.SetupAsync(setupTimeout.Token);

        var consumers = options.Scenario.HasConsumers() ? $" + {options.Scenario.ConsumerConnections(options.Consumers)} consumers" : "";
        var limit = options.Count is { } count ? $"{count:N0} messages" : $"{options.Duration!.Value.TotalSeconds:0.#} s";
        Console.Error.WriteLine(
            $"{options.Label}: {options.Scenario.Name()} on {options.Endpoint} ({target.Protocol}), queue {target.QueueName}, " +
            $"{options.Concurrency} producers{consumers}, {options.BodySize} B bodies, {limit}" +
            (options.Warmup > TimeSpan.Zero ? $" after a {options.Warmup.TotalSeconds:0.#} s warm-up" : ""));
        try
        {
            if (options.Warmup > TimeSpan.Zero)
                await LoadRunner.RunPhaseAsync("warmup", options, target, sampler, options.Warmup, count: null);

            var startedUtc = DateTime.UtcNow;
            var result = await LoadRunner.RunPhaseAsync("run", options, target, sampler, options.Duration, options.Count);
            var summary = RunSummary.From(options, target, result, startedUtc);
            // A peer that rejects every request (a FIFO send it does not support, say) gets a failed row, not 0 msgs/s.
            var failed = summary.Messages == 0 && summary.Errors > 0;
            if (failed)
                summary = summary with { Note = $"failed: {summary.ErrorKinds.MaxBy(e => e.Value).Key}" };

            Console.WriteLine(SummaryTable.Render([summary]));
            Console.WriteLine(SummaryTable.Details(summary));
            if (options.JsonPath is { } path)
                await File.AppendAllTextAsync(path, summary.ToJsonLine() + "\n");
            if (failed)
                Console.Error.WriteLine($"error: no message got through; {summary.Errors:N0} errors");
            return failed ? 1 : 0;
        }
        finally
        {
            using var teardownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await target.TeardownAsync(teardownTimeout.Token);
        }
    }
}
