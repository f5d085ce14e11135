namespace Shoal.Tests.Support;

/// <summary>The settings of a cluster node in the multi-process tests: two seed brokers, a shared PostgreSQL store.</summary>
public static class ClusterMember
{
    public static string Address(int clusterPort) => $"akka.tcp://shoal@127.0.0.1:{clusterPort}";

    /// <param name="seeds">The remoting ports of the two seed brokers.</param>
    public static string[] Args(string role, string zone, string mode, int clusterPort, (int A, int B) seeds, string connectionString) =>
    [
        "--Shoal:Node:Roles:0", role, "--Shoal:Node:Zone", zone, "--Shoal:Cluster:Mode", mode,
        "--Shoal:Cluster:Port", clusterPort.ToString(),
        "--Shoal:Cluster:Seeds:0", Address(seeds.A), "--Shoal:Cluster:Seeds:1", Address(seeds.B),
        "--Shoal:Storage:Provider", "postgres", "--Shoal:Storage:ConnectionString", connectionString,
    ];
}
