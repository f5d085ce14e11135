using System.Diagnostics;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Active-active on a shared PostgreSQL journal: a broker killed with SIGKILL hands its queues to
/// the surviving broker, behind the same api endpoint, and no acknowledged message is lost.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class FailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-failover-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            ClusterMember.Args(role, $"zone-{name}", "active-active", clusterPort, (_portA, _portB), postgres.ConnectionString));

    [Fact]
    public async Task Killed_broker_hands_its_queues_to_the_survivor_and_no_acknowledged_message_is_lost()
    {
        using var brokerA = await Start("a", "broker", _portA);
        using var api = await Start("api", "api", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);

        // Every queue starts on broker A: it is the only broker yet.
        var acknowledged = await FailoverClient.QueuesWithMessages(sqs, "failover", queues: 6, messages: 20);
        using var brokerB = await Start("b", "broker", _portB);

        var clock = Stopwatch.StartNew();
        brokerA.KillHard();
        var recoveredAfter = await FailoverClient.SendUntilServed(sqs, acknowledged, clock);
        output.WriteLine($"first successful send per queue after the kill: {string.Join(", ", recoveredAfter.Select(t => $"{t.TotalSeconds:F1}s"))}");

        await FailoverClient.AssertNothingLost(sqs, acknowledged);
    }
}
