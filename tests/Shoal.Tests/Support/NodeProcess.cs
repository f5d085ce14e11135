using System.Diagnostics;
using System.Net.Http;

namespace Shoal.Tests.Support;

/// <summary>The broker as a real OS process, so a test can kill -9 it.</summary>
public sealed class NodeProcess : IDisposable
{
    readonly Process _process;

    NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    // The node's log lines with when they were read, for timelines (a failover's unreachable, downed, ...).
    readonly System.Collections.Concurrent.ConcurrentQueue<(DateTime At, string Line)> _log = new();

    void Record(string? line)
    {
        if (line is not null && _log.Count < 20_000) _log.Enqueue((DateTime.UtcNow, line));
    }

    /// <summary>Log lines read since <paramref name="since"/> that contain any of <paramref name="markers"/>.</summary>
    public IEnumerable<(DateTime At, string Line)> LogSince(DateTime since, params string[] markers) =>
        _log.Where(entry => entry.At >= since && markers.Any(m => entry.Line.Contains(m, StringComparison.Ordinal)));
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Starts a node; <paramref name="settings"/> are extra command-line settings such as "--Shoal:Queues:SnapshotEvery=10".</summary>
    public static async Task<NodeProcess> Start(string dataDir, int? port = null, params string[] settings)
    {
        var chosen = port ?? FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Shoal.Node.dll"),
            "--port", chosen.ToString(), "--data-dir", dataDir, "--Logging:LogLevel:Default=Warning", .. settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node");
        var node = new NodeProcess(process, chosen);
        process.OutputDataReceived += (_, line) => node.Record(line.Data);
        process.ErrorDataReceived += (_, line) => node.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilReady(TimeSpan.FromSeconds(60));
        return node;
    }

    async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"node exited with {_process.ExitCode} before it was ready");
            try
            {
                if ((await http.GetAsync($"{Endpoint}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"node on port {Port} not ready after {timeout}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what survives is what was committed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process stays alive but does nothing, like a VM paused or a long GC; Thaw resumes it.</summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    public bool HasExited => _process.HasExited;

    /// <summary>Whether the process ends by itself within <paramref name="timeout"/>.</summary>
    public bool ExitsWithin(TimeSpan timeout) => _process.WaitForExit(timeout);

    void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Thaw();
            KillHard();
        }
        _process.Dispose();
    }
}
