using System.Data.Common;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Shoal.Node.Hosting;

public static class HealthSetup
{
    public static IServiceCollection AddShoalHealth(this IServiceCollection services, ShoalSettings settings)
    {
        var checks = services.AddHealthChecks().AddCheck<ClusterMemberCheck>("cluster", tags: ["ready"]);
        if (settings.Node.IsBroker)
        {
            services.AddSingleton(settings.Storage);
            checks.AddCheck<JournalCheck>("journal", tags: ["ready"]);
        }
        return services;
    }

    public static WebApplication MapShoalHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>
    /// A broker is ready only while its journal answers: a node cut off from the shared database cannot
    /// commit anything, so a load balancer should stop sending it requests.
    /// </summary>
    sealed class JournalCheck(StorageSettings storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = Connect();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await connection.OpenAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy($"the journal ({storage.Provider}) does not answer: {e.Message}");
            }
        }

        DbConnection Connect() => storage.Provider == "postgres"
            ? new NpgsqlConnection(storage.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(Path.Combine(storage.DataDir, "shoal.db")),
                Mode = SqliteOpenMode.ReadOnly,
            }.ToString());
    }

    /// <summary>Ready once this node is an Up member of the cluster, so its regions can allocate shards.</summary>
    sealed class ClusterMemberCheck(ActorSystem system) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = Cluster.Get(system).SelfMember.Status;
            return Task.FromResult(status == MemberStatus.Up
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"cluster member status is {status}"));
        }
    }
}
