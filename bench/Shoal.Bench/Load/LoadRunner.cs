using System.Diagnostics;
using System.Numerics;
using Shoal.Bench.Cli;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Load;

/// <summary>What one phase (warm-up or measured) produced.</summary>
public sealed record PhaseResult(RunContext Run, TimeSpan Elapsed, ResourceUsage Usage, LedgerTotals Ledger);

/// <summary>
/// Drives one phase of a scenario against a target: producers send until the duration or count is reached;
/// in the e2e and fan-out scenarios consumers run alongside and the phase ends when every acknowledged message
/// has been deleted, from every queue it goes to (or the drain timeout passes).
/// </summary>
public static class LoadRunner
{
    public static async Task<PhaseResult> RunPhaseAsync(
        string phase, BenchOptions options, IBrokerTarget target, ResourceSampler sampler, TimeSpan? duration, long? count)
    {
        var run = new RunContext(options);
        var scenario = options.Scenario;

        // Connections are opened before the clock starts: connecting is not what we measure.
        var producers = await OpenAllAsync(options.Concurrency, ct => target.NewProducerAsync(run, ct));
        var consumers = scenario.HasConsumers()
            ? await OpenAllAsync(scenario.ConsumerConnections(options.Consumers), ct => target.NewConsumerAsync(run, ct))
            : [];

        using var stopConsuming = new CancellationTokenSource();
        using var stopProducing = new CancellationTokenSource();
        var start = sampler.Mark();
        var clock = Stopwatch.StartNew();
        await using var progress = new ProgressReporter(phase, run, sampler);

        var consumerTasks = consumers.Select(c => Task.Run(() => c.RunAsync(stopConsuming.Token))).ToArray();
        if (duration is { } limit)
            stopProducing.CancelAfter(limit);
        await Task.WhenAll(producers.Select(p => Task.Run(() => ProduceAsync(p, run, count, stopProducing.Token))));
        var elapsed = clock.Elapsed;

        ResourceUsage usage;
        if (consumers.Length > 0)
        {
            elapsed = await DrainAsync(run, clock, options.DrainTimeout);
            usage = sampler.UsageSince(start);
            await StopConsumersAsync(consumers, consumerTasks, stopConsuming, options.WaitTimeSeconds);
        }
        else
        {
            usage = sampler.UsageSince(start);
        }

        foreach (var producer in producers)
            await producer.DisposeAsync();
        return new PhaseResult(run, elapsed, usage, run.Ledger.Totals());
    }

    private static async Task ProduceAsync(IProducer producer, RunContext run, long? count, CancellationToken stop)
    {
        var batchSize = run.Scenario.BatchSize();
        var maxBacklog = run.Scenario.HasConsumers() ? run.Options.MaxBacklog : 0;
        while (!stop.IsCancellationRequested)
        {
            // Keep producers from outrunning consumers without bound: the backlog would turn e2e latency
            // into "age of the backlog" and stretch the drain at the end.
            while (maxBacklog > 0 && run.Stats.Produced - run.Stats.Completed >= maxBacklog && !stop.IsCancellationRequested)
                await Task.Delay(1, CancellationToken.None);
            if (stop.IsCancellationRequested)
                return;

            var first = run.Ledger.Reserve(batchSize);
            var size = batchSize;
            if (count is { } limit)
            {
                if (first >= limit) return;
                size = (int)Math.Min(batchSize, limit - first);
            }

            // A send already on the wire is not cancelled when the duration ends: it completes and counts.
            var acknowledged = await producer.SendAsync(first, size, CancellationToken.None);
            for (var i = 0; i < size; i++)
                if ((acknowledged & (1 << i)) != 0)
                    run.Ledger.MarkSent(first + i);

            var sent = BitOperations.PopCount((uint)acknowledged);
            run.Stats.AddProduced(sent);
            if (!run.Scenario.HasConsumers())
                run.Stats.AddCompleted(sent);
            if (sent < size)
                await Task.Delay(10, CancellationToken.None); // don't spin on a failing server
        }
    }

    /// <summary>Waits until every acknowledged message was deleted (from every queue); returns when that happened.</summary>
    private static async Task<TimeSpan> DrainAsync(RunContext run, Stopwatch clock, TimeSpan timeout)
    {
        var deadline = clock.Elapsed + timeout;
        while (run.Stats.Completed < run.Stats.Produced && clock.Elapsed < deadline)
            await Task.Delay(2);
        return clock.Elapsed;
    }

    /// <summary>
    /// Lets each consumer finish the receive it has in flight rather than closing its connection: a server
    /// that does not notice the close hands the next messages to that dead long poll, and they stay invisible
    /// for the visibility timeout (seen with local-aws-sqs: up to 10 messages lost per consumer).
    /// </summary>
    private static async Task StopConsumersAsync(
        IConsumer[] consumers, Task[] running, CancellationTokenSource stop, int waitTimeSeconds)
    {
        await stop.CancelAsync();
        var all = Task.WhenAll(running);
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(waitTimeSeconds + 10));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("consumers did not stop in time; closing their connections");
        }
        foreach (var consumer in consumers)
            await consumer.DisposeAsync();
        await all.ContinueWith(_ => { }, TaskScheduler.Default); // wait for the closed ones too
        if (all.Exception?.InnerException is { } failure)
            Console.Error.WriteLine($"a consumer failed: {failure}");
    }

    private static async Task<T[]> OpenAllAsync<T>(int count, Func<CancellationToken, Task<T>> open)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Task.WhenAll(Enumerable.Range(0, count).Select(_ => open(timeout.Token)));
    }
}
