using System.Net.Http.Json;
using System.Text.Json;
using Shoal.Tests.Support;

namespace Shoal.Tests.Cluster;

/// <summary>
/// Active-active across zones: the queues' shards spread over the brokers of every zone, and a broker
/// joining in a new zone takes its share by rebalancing, with every queue and message still there.
/// </summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ZoneSpreadTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-zones-").FullName;
    readonly int _portA = FreePort.Next();
    readonly int _portB = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    Task<NodeProcess> Start(string name, string role, string zone, int clusterPort) =>
        NodeProcess.Start(Path.Combine(_dataDir, name), null,
            ClusterMember.Args(role, zone, "active-active", clusterPort, (_portA, _portB), postgres.ConnectionString));

    [Fact]
    public async Task Shards_spread_over_the_zones_and_a_broker_joining_a_new_zone_takes_its_share()
    {
        using var brokerA = await Start("a", "broker", "zone-a", _portA);
        using var brokerB = await Start("b", "broker", "zone-b", _portB);
        using var api = await Start("api", "api", "zone-a", FreePort.Next());
        var sqs = Sqs.Client(api.Endpoint);
        var acknowledged = await FailoverClient.QueuesWithMessages(sqs, "zones", queues: 16, messages: 5);

        var spread = await QueueShards(api);
        Assert.True(spread.GetValueOrDefault(Address(_portA)) > 0 && spread.GetValueOrDefault(Address(_portB)) > 0,
            $"shards on both zones' brokers: {string.Join(", ", spread)}");
        Assert.InRange(Math.Abs(spread[Address(_portA)] - spread[Address(_portB)]), 0, 1);

        var portC = FreePort.Next();
        using var brokerC = await Start("c", "broker", "zone-c", portC);
        await Eventually.Holds(async () =>
        {
            var rebalanced = await QueueShards(api);
            Assert.True(rebalanced.GetValueOrDefault(Address(portC)) >= spread.Values.Sum() / 3 - 1,
                $"the zone-c broker took its share: {string.Join(", ", rebalanced)}");
        }, seconds: 60);

        await FailoverClient.AssertNothingLost(sqs, acknowledged);
    }

    static string Address(int clusterPort) => ClusterMember.Address(clusterPort);

    static async Task<Dictionary<string, int>> QueueShards(NodeProcess node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var json = await http.GetFromJsonAsync<JsonElement>($"{node.Endpoint}/cluster");
        var shards = json.GetProperty("shards").GetProperty("queue");
        return shards.ValueKind == JsonValueKind.Object ? shards.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()) : [];
    }
}
