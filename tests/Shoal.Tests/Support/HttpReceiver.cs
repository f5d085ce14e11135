using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shoal.Tests.Support;

/// <summary>
/// A real HTTP server on a free loopback port standing for a Firehose HTTP endpoint or transform: it records every POST
/// (headers and body, gunzipped when sent with Content-Encoding: gzip) and answers with what its handler says.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    public sealed record Received(IReadOnlyDictionary<string, string> Headers, string Body);

    HttpReceiver(int port, Func<Received, (int Status, string Body)> answer)
    {
        Url = $"http://127.0.0.1:{port}/in";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            Stream body = http.Request.Body;
            if (headers.GetValueOrDefault("content-encoding") == "gzip") body = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(body);
            var received = new Received(headers, await reader.ReadToEndAsync());
            await _received.Writer.WriteAsync(received);
            var (status, text) = answer(received);
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(text);
        });
    }

    public string Url { get; }

    public static async Task<HttpReceiver> Start(Func<Received, (int Status, string Body)> answer)
    {
        var receiver = new HttpReceiver(FreePort.Next(), answer);
        await receiver._app.StartAsync();
        return receiver;
    }

    public async Task<Received> Next(string what, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The receiver got no {what} within {(within ?? TimeSpan.FromSeconds(20)).TotalSeconds} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
