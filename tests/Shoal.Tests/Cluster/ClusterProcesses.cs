namespace Shoal.Tests.Cluster;

/// <summary>
/// Cluster tests start three node processes and a PostgreSQL server each; run side by side on a
/// 2-core machine they starve one another past every timeout, so they run one class at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterProcesses
{
    public const string Name = "cluster processes";
}
