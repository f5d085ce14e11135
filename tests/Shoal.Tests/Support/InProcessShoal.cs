using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.AspNetCore.Builder;
using Shoal.Node;

namespace Shoal.Tests.Support;

/// <summary>A whole node (cluster, sharding, SQLite journal, HTTP) in the test process, on a free port.</summary>
public class InProcessShoal : IAsyncLifetime
{
    WebApplication? _app;

    public int Port { get; } = FreePort.Next();
    public string DataDir { get; } = Directory.CreateTempSubdirectory("shoal-test-").FullName;
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>More command-line settings for a fixture that needs a differently configured node.</summary>
    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        _app = ShoalApp.Create(["--port", Port.ToString(), "--data-dir", DataDir, "--Logging:LogLevel:Default=Warning", .. Settings]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(DataDir, recursive: true);
    }

    public AmazonSQSClient SqsClient() => Sqs.Client(Endpoint);
}

public static class Sqs
{
    public static AmazonSQSClient Client(string endpoint) =>
        new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = endpoint,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(40),
        });
}
