using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Shoal.Tests.Support;
using Xunit.Abstractions;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Active/standby on a shared PostgreSQL store (the Amazon MQ model): the standby joins but hosts
/// nothing; when the active dies it takes every queue; an active that froze and woke up after the
/// standby took over is downed and stops, instead of serving from stale state.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ActiveStandbyTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-active-standby-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            [.. ClusterMember.Args(role, zone, "active-standby", clusterPort, (_portA, _portB), postgres.ConnectionString),
             "--Logging:LogLevel:Akka=Information"]);

    /// <summary>What the survivors logged about the failure, in ms after it: the failover's timeline.</summary>
    void Timeline(DateTime failedAt, params NodeProcess[] survivors)
    {
        string[] markers = ["Marking node", "SBR took", "Lease", "Leader is removing", "Singleton", "singleton", "oordinator", "Starting shard", "Recovery", "recover"];
        foreach (var (at, line) in survivors.SelectMany(n => n.LogSince(failedAt, markers)).OrderBy(e => e.At).Take(40))
            output.WriteLine($"+{(at - failedAt).TotalMilliseconds,6:F0} ms  {line.Trim()[..Math.Min(line.Trim().Length, 220)]}");
    }

    [Fact]
    public async Task The_standby_hosts_no_shard_and_takes_every_queue_with_its_messages_when_the_active_is_killed()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);
        var acknowledged = await FailoverClient.QueuesWithMessages(sqs, "standby", queues: 5, messages: 20);

        var before = await ClusterState(api);
        Assert.Equal(Address(_portA), before.ActiveBroker);
        Assert.True(before.QueueShards.GetValueOrDefault(Address(_portA)) > 0, "the active hosts the queues' shards");
        Assert.Equal(0, before.QueueShards.GetValueOrDefault(Address(_portB)));
        Assert.Equal(["zone-a", "zone-b", "zone-c"], before.Zones);

        var clock = Stopwatch.StartNew();
        var killedAt = DateTime.UtcNow;
        active.KillHard();
        var firstSuccess = await FailoverClient.SendUntilServed(sqs, acknowledged, clock);
        Timeline(killedAt, standby, api);
        output.WriteLine($"kill -9 of the active → first successful send per queue: {string.Join(", ", firstSuccess.Select(t => $"{t.TotalSeconds:F1}s"))}");

        await FailoverClient.AssertNothingLost(sqs, acknowledged);
        var after = await ClusterState(api);
        Assert.Equal(Address(_portB), after.ActiveBroker);
        Assert.Equal(before.QueueShards.Values.Sum(), after.QueueShards.GetValueOrDefault(Address(_portB)));
    }

    [Fact]
    public async Task An_active_that_froze_while_the_standby_took_over_is_downed_and_stops_when_it_wakes()
    {
        using var active = await Start("a", "broker", "zone-a", _portA);
        using var standby = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-c", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);
        var acknowledged = await FailoverClient.QueuesWithMessages(sqs, "fenced", queues: 3, messages: 10);

        var clock = Stopwatch.StartNew();
        active.Freeze();
        var firstSuccess = await FailoverClient.SendUntilServed(sqs, acknowledged, clock);
        output.WriteLine($"freeze of the active → first successful send per queue: {string.Join(", ", firstSuccess.Select(t => $"{t.TotalSeconds:F1}s"))}");
        Assert.Equal(Address(_portB), (await ClusterState(api)).ActiveBroker);

        active.Thaw();
        var woke = Stopwatch.StartNew();
        Assert.True(active.ExitsWithin(TimeSpan.FromSeconds(60)), "the stale active still runs a minute after waking");
        output.WriteLine($"the stale active stopped {woke.Elapsed.TotalSeconds:F1}s after waking");

        await FailoverClient.AssertNothingLost(sqs, acknowledged);
    }

    static string Address(int clusterPort) => ClusterMember.Address(clusterPort);

    sealed record State(string? ActiveBroker, Dictionary<string, int> QueueShards, List<string> Zones);

    /// <summary>GET /cluster, once the coordinator answers with every member up.</summary>
    static async Task<State> ClusterState(NodeProcess node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await http.GetFromJsonAsync<JsonElement>($"{node.Endpoint}/cluster");
            var shards = json.GetProperty("shards").GetProperty("queue");
            var settled = shards.ValueKind == JsonValueKind.Object
                && json.GetProperty("members").EnumerateArray().All(m => m.GetProperty("status").GetString() == "Up" && m.GetProperty("reachable").GetBoolean());
            if (settled || DateTime.UtcNow > deadline)
                return new State(
                    json.GetProperty("activeBroker").GetString(),
                    shards.ValueKind == JsonValueKind.Object ? shards.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()) : [],
                    json.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("zone").GetString() ?? "").Order().ToList());
            await Task.Delay(500);
        }
    }
}
