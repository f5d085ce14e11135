using Shoal.Tests.Support;

namespace Shoal.Tests.Cluster;

/// <summary>/health/ready on a broker includes its journal: a broker cut off from the shared database is not ready.</summary>
[Trait("Tier", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class ReadinessTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-ready-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task A_broker_is_not_ready_while_its_journal_does_not_answer_and_ready_again_when_it_does()
    {
        using var broker = await NodeProcess.Start(_dataDir, null,
            "--Shoal:Storage:Provider", "postgres", "--Shoal:Storage:ConnectionString", postgres.ConnectionString);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        async Task<int> Ready() => (int)(await http.GetAsync($"{broker.Endpoint}/health/ready")).StatusCode;
        Assert.Equal(200, await Ready());

        await postgres.Pause();
        try
        {
            await Eventually.Holds(async () => Assert.Equal(503, await Ready()));
            Assert.Equal(200, (int)(await http.GetAsync($"{broker.Endpoint}/health/live")).StatusCode);
        }
        finally
        {
            await postgres.Resume();
        }
        await Eventually.Holds(async () => Assert.Equal(200, await Ready()));
    }

}
