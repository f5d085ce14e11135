using System.Globalization;

namespace Shoal.Bench.Metrics;

/// <summary>One reading of CPU time and memory, from /proc.</summary>
public readonly record struct ResourceSample(
    TimeSpan At,
    double ServerCpuSeconds,
    long ServerRssBytes,
    double MachineBusySeconds,
    double ClientCpuSeconds);

/// <summary>Averages and peaks between two samples.</summary>
public readonly record struct ResourceUsage(
    double ServerCores, double ServerPeakRssMiB, double MachineBusyCores, double ClientCores);

/// <summary>
/// Samples the server process tree (the pid and all its descendants: `dotnet run` and `rabbitmq-server`
/// start the real server as a child), the whole machine and this process, every 250 ms.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    // /proc reports CPU time in USER_HZ ticks, which the Linux ABI fixes at 100 per second.
    private const double TicksPerSecond = 100.0;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly int? _serverPid;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private long _peakRssSinceMark;

    public ResourceSampler(int? serverPid)
    {
        _serverPid = serverPid;
        if (serverPid is { } pid && !Directory.Exists($"/proc/{pid}"))
            throw new ArgumentException($"--server-pid {pid}: no such process");
        _loop = Task.Run(SampleLoopAsync);
    }

    public bool HasServer => _serverPid is not null;

    /// <summary>Takes a sample now and restarts peak-RSS tracking from it.</summary>
    public ResourceSample Mark()
    {
        var sample = Take();
        lock (_lock) _peakRssSinceMark = sample.ServerRssBytes;
        return sample;
    }

    public ResourceUsage UsageSince(ResourceSample start)
    {
        var end = Take();
        var seconds = Math.Max(1e-9, (end.At - start.At).TotalSeconds);
        long peak;
        lock (_lock) peak = Math.Max(_peakRssSinceMark, end.ServerRssBytes);
        return new ResourceUsage(
            ServerCores: (end.ServerCpuSeconds - start.ServerCpuSeconds) / seconds,
            ServerPeakRssMiB: peak / (1024.0 * 1024.0),
            MachineBusyCores: (end.MachineBusySeconds - start.MachineBusySeconds) / seconds,
            ClientCores: (end.ClientCpuSeconds - start.ClientCpuSeconds) / seconds);
    }

    public ResourceSample Take()
    {
        var (cpu, rss) = _serverPid is { } pid ? ReadProcessTree(pid) : (0, 0);
        return new ResourceSample(_clock.Elapsed, cpu, rss, ReadMachineBusySeconds(),
            Environment.CpuUsage.TotalTime.TotalSeconds);
    }

    private async Task SampleLoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var sample = Take();
                lock (_lock) _peakRssSinceMark = Math.Max(_peakRssSinceMark, sample.ServerRssBytes);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (double CpuSeconds, long RssBytes) ReadProcessTree(int rootPid)
    {
        // One pass over /proc: parent of every process, then the root's descendants.
        var stats = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcStat.TryRead(pid, out var stat))
                stats[pid] = stat;
        }

        var inTree = new HashSet<int> { rootPid };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, stat) in stats)
                if (!inTree.Contains(pid) && inTree.Contains(stat.ParentPid))
                    grew |= inTree.Add(pid);
        } while (grew);

        long ticks = 0, rssPages = 0;
        foreach (var pid in inTree)
            if (stats.TryGetValue(pid, out var stat))
            {
                ticks += stat.UserTicks + stat.SystemTicks;
                rssPages += stat.RssPages;
            }
        return (ticks / TicksPerSecond, rssPages * Environment.SystemPageSize);
    }

    private static double ReadMachineBusySeconds()
    {
        // First line of /proc/stat: "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
        using var reader = new StreamReader("/proc/stat");
        var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
            if (i is not (4 or 5)) // idle, iowait
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
        return busy / TicksPerSecond;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private readonly record struct ProcStat(int ParentPid, long UserTicks, long SystemTicks, long RssPages)
    {
        public static bool TryRead(int pid, out ProcStat stat)
        {
            stat = default;
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return false; // the process ended between listing and reading
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }

            // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
            var rest = text.AsSpan(text.LastIndexOf(')') + 2);
            Span<Range> parts = stackalloc Range[24];
            var n = rest.Split(parts, ' ');
            if (n < 22) return false;
            // After the name: [0]=state [1]=ppid … [11]=utime [12]=stime … [21]=rss
            stat = new ProcStat(
                int.Parse(rest[parts[1]], CultureInfo.InvariantCulture),
                long.Parse(rest[parts[11]], CultureInfo.InvariantCulture),
                long.Parse(rest[parts[12]], CultureInfo.InvariantCulture),
                long.Parse(rest[parts[21]], CultureInfo.InvariantCulture));
            return true;
        }
    }
}
