using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shoal.Node.Hosting;

public static class HealthSetup
{
    public static IServiceCollection AddShoalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterMemberCheck>("cluster", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapShoalHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
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
