using System.Diagnostics;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Load;

/// <summary>Prints one line per second to stderr (stdout is kept for the summary): rates so far and server load.</summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(string phase, RunContext run, ResourceSampler sampler)
    {
        _loop = Task.Run(() => LoopAsync(phase, run, sampler, _stop.Token));
    }

    private static async Task LoopAsync(string phase, RunContext run, ResourceSampler sampler, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var previous = sampler.Take();
        long previousProduced = 0, previousCompleted = 0, previousDelivered = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var sample = sampler.Take();
                var seconds = (sample.At - previous.At).TotalSeconds;
                var produced = run.Stats.Produced;
                var completed = run.Stats.Completed;
                var delivered = run.Stats.Delivered;
                var line = $"[{phase} {clock.Elapsed.TotalSeconds,5:F1}s] sent {produced,10:N0} ({(produced - previousProduced) / seconds,8:N0}/s)";
                if (run.Scenario.HasConsumers())
                    line += $"  done {completed,10:N0} ({(completed - previousCompleted) / seconds,8:N0}/s)";
                if (run.Scenario.Subscribers() > 1)
                    line += $"  deliveries {delivered,10:N0} ({(delivered - previousDelivered) / seconds,8:N0}/s)";
                line += $"  errors {run.Stats.Errors:N0}";
                if (sampler.HasServer)
                    line += $"  server {(sample.ServerCpuSeconds - previous.ServerCpuSeconds) / seconds:F2} cores {sample.ServerRssBytes / 1048576.0:N0} MiB";
                line += $"  client {(sample.ClientCpuSeconds - previous.ClientCpuSeconds) / seconds:F2} cores";
                Console.Error.WriteLine(line);
                (previous, previousProduced, previousCompleted, previousDelivered) = (sample, produced, completed, delivered);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
