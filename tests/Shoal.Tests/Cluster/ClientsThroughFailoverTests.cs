using System.Diagnostics;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Real clients with their default settings (boto3 on the JSON and Query protocols, the aws CLI v1 and v2)
/// keep sending, receiving and deleting through the api node while the active broker is killed: no call
/// may fail, and every acknowledged send must come back (tests/conformance/failover).
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ClientsThroughFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    const int ClientSeconds = 30;
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-clients-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString));

    [Fact]
    public async Task Boto3_and_the_aws_cli_see_no_error_and_lose_nothing_while_the_active_broker_is_killed()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var clients = ExternalClients.Installed();
        Assert.True(clients.Count >= 2, $"boto3 and an aws CLI are needed (tests/run.sh installs them); found {clients.Count}");

        var running = clients.Select(c => c.Run(api.Endpoint, Unique.Name("through-failover"), ClientSeconds)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(6));
        active.KillHard();
        var results = await Task.WhenAll(running);

        foreach (var result in results) output.WriteLine($"{result.Name}: exit {result.ExitCode}; {result.LastLine}");
        foreach (var result in results)
            Assert.True(result.ExitCode == 0, $"{result.Name} failed through the failover (exit {result.ExitCode}):\n{result.Output}");
    }

    /// <summary>The clients from tests/conformance/failover that this machine has.</summary>
    sealed record ExternalClients(string Name, string FileName, string[] Arguments)
    {
        static readonly string Scripts = Path.Combine(RepositoryRoot(), "tests", "conformance", "failover");

        public static List<ExternalClients> Installed()
        {
            var boto3 = Path.Combine(Scripts, "boto3_client.py");
            var cli = Path.Combine(Scripts, "cli_client.sh");
            var found = new List<ExternalClients>();
            // python3 on PATH (boto3 1.43, JSON protocol) and Debian's (boto3 1.26, Query protocol).
            foreach (var python in new[] { "python3", "/usr/bin/python3" }.Distinct())
                if (Version(python, "-c", "import boto3, sys; sys.stdout.write('boto3 ' + boto3.__version__)") is { } version
                    && found.All(f => f.Name != version))
                    found.Add(new(version, python, [boto3]));
            // The aws CLI on PATH (v1 from pip) and Debian's (v2).
            foreach (var aws in new[] { "aws", "/usr/bin/aws" })
                if (Version(aws, "--version") is { } version && found.All(f => f.Name != version.Split(' ')[0]))
                    found.Add(new(version.Split(' ')[0], "bash", [cli, aws]));
            return found;
        }

        public async Task<(string Name, int ExitCode, string LastLine, string Output)> Run(string endpoint, string queueName, int seconds)
        {
            var start = new ProcessStartInfo(FileName, [.. Arguments, endpoint, queueName, seconds.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (Name, -1, "hung", await stdout + await stderr);
            }
            var output = (await stdout).Trim();
            return (Name, process.ExitCode, output.Split('\n')[^1], output + "\n" + await stderr);
        }

        static string? Version(string fileName, params string[] arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 && text.Length > 0 ? text.Trim() : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // not installed
            }
        }

        static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
            throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
