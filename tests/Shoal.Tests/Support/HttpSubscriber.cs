using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shoal.Tests.Support;

/// <summary>
/// An HTTP endpoint subscribed to a topic: a real server on a free loopback port that records every
/// POST it gets (with when) and answers each with the next status of its script (then <see cref="DefaultStatus"/>).
/// </summary>
public sealed class HttpSubscriber : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    readonly ConcurrentQueue<int> _statuses;

    public sealed record Received(DateTime At, IReadOnlyDictionary<string, string> Headers, string Body);

    HttpSubscriber(int port, IEnumerable<int> statuses)
    {
        Port = port;
        _statuses = new ConcurrentQueue<int>(statuses);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            await _received.Writer.WriteAsync(new Received(DateTime.UtcNow, headers, body));
            http.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : DefaultStatus;
        });
    }

    public int Port { get; }

    /// <summary>The answer once the script has run out; a test may change it (an endpoint going down or coming back).</summary>
    public volatile int DefaultStatus = 200;
    public string Url => $"http://127.0.0.1:{Port}/sns";

    public static async Task<HttpSubscriber> Start(params int[] statuses)
    {
        var subscriber = new HttpSubscriber(FreePort.Next(), statuses);
        await subscriber._app.StartAsync();
        return subscriber;
    }

    /// <summary>The next POST, or a failure naming what was awaited.</summary>
    public async Task<Received> Next(string what, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The subscriber got no {what} within {(within ?? TimeSpan.FromSeconds(20)).TotalSeconds} s.");
        }
    }

    /// <summary>Whether anything more arrives within the time given.</summary>
    public async Task<bool> GetsMore(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _received.Reader.WaitToReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
