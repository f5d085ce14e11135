using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;
using Shoal.Node.Coordination;
using Shoal.Tests.Support;

namespace Shoal.Tests.Cluster;

/// <summary>The lease in the shared database that decides which broker survives: one owner at a time, expiring when not renewed.</summary>
[Trait("Tier", "Cluster")]
public sealed class PostgresLeaseTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("lease-test", ConfigurationFactory.ParseString(
            $"{PostgresLease.ConfigPath}.connection-string = \"{postgres.ConnectionString}\""));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    PostgresLease Lease(string name, string owner, double heartbeatSeconds = 0.2, double timeoutSeconds = 1, string[]? reachable = null) =>
        new(new LeaseSettings(name, owner,
            new TimeoutSettings(TimeSpan.FromSeconds(heartbeatSeconds), TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromSeconds(3)),
            ConfigurationFactory.Empty), (ExtendedActorSystem)_system, () => reachable ?? []);

    [Fact]
    public async Task A_lease_held_by_a_member_on_this_side_passes_to_this_node_and_one_held_across_a_partition_does_not()
    {
        var name = Unique.Name("lease");
        var holder = Lease(name, "node-a", timeoutSeconds: 30);
        var lost = new TaskCompletionSource<Exception>();
        Assert.True(await holder.Acquire(e => lost.TrySetResult(e)));

        // node-c does not see node-a (a partition, or node-a is dead but its hold has not run out): refused.
        Assert.False(await Lease(name, "node-c", reachable: ["node-b"]).Acquire());
        // node-b sees node-a as a reachable member: the lease, which decides for the side, passes to node-b.
        var successor = Lease(name, "node-b", reachable: ["node-a", "node-b"]);
        Assert.True(await successor.Acquire());

        // node-a's next renewal finds node-b's name on the lease and reports it lost.
        Assert.IsType<LeaseException>(await lost.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(holder.CheckLease());
        Assert.True(successor.CheckLease());
        await successor.Release();
    }

    [Fact]
    public async Task Only_one_owner_holds_the_lease_and_after_a_release_another_can_take_it()
    {
        var name = Unique.Name("lease");
        var a = Lease(name, "node-a");
        var b = Lease(name, "node-b");

        Assert.True(await a.Acquire());
        Assert.True(await a.Acquire()); // holding it already: granted again
        Assert.False(await b.Acquire());
        Assert.True(a.CheckLease());
        Assert.False(b.CheckLease());

        Assert.True(await a.Release());
        Assert.False(a.CheckLease());
        Assert.True(await b.Acquire());
        await b.Release();
    }

    [Fact]
    public async Task A_held_lease_stays_held_while_it_is_renewed_past_its_timeout()
    {
        var name = Unique.Name("lease");
        var a = Lease(name, "node-a");
        var b = Lease(name, "node-b");

        Assert.True(await a.Acquire());
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // well past the 1 s timeout; renewed every 200 ms

        Assert.True(a.CheckLease());
        Assert.False(await b.Acquire());
        await a.Release();
    }

    [Fact]
    public async Task A_lease_whose_owner_stopped_renewing_expires_and_another_owner_takes_it()
    {
        var name = Unique.Name("lease");
        var stale = Lease(name, "node-a", heartbeatSeconds: 30, timeoutSeconds: 1); // renews far too late: as if frozen
        var successor = Lease(name, "node-b");

        Assert.True(await stale.Acquire());
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.False(stale.CheckLease());
        Assert.True(await successor.Acquire());
        await successor.Release();
    }

    [Fact]
    public async Task A_renewal_that_finds_another_owner_reports_the_lease_lost()
    {
        var name = Unique.Name("lease");
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Lease(name, "node-a", heartbeatSeconds: 0.5, timeoutSeconds: 1);
        Assert.True(await a.Acquire(e => lost.TrySetResult(e)));

        // Another owner takes the row over, as a successor does once the lease expired.
        await using (var database = Npgsql.NpgsqlDataSource.Create(postgres.ConnectionString))
        await using (var takeOver = database.CreateCommand("UPDATE shoal_lease SET owner = 'node-b' WHERE name = @name"))
        {
            takeOver.Parameters.AddWithValue("name", name);
            Assert.Equal(1, await takeOver.ExecuteNonQueryAsync());
        }

        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("taken over", reason.Message);
        Assert.False(a.CheckLease());
    }
}
