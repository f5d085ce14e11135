using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Shoal.Node.Http;

public static class HttpSetup
{
    static readonly byte[] Http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>
    /// HTTP/1.1 and cleartext HTTP/2 on one port. Kestrel serves h2c only on an Http2-only
    /// endpoint, so connections are sniffed for the HTTP/2 preface and handed to the pipeline
    /// of an internal Http2-only listener on a unix socket (aws-wire.md §8).
    /// </summary>
    public static void ListenForAws(this KestrelServerOptions kestrel, HttpSettings http, string socketDir)
    {
        kestrel.Limits.MaxRequestBodySize = Shoal.Api.AwsEndpoint.MaxBodyBytes;
        kestrel.AddServerHeader = false;
        Directory.CreateDirectory(socketDir);
        // One per process and port: tests run several nodes in one process.
        var socket = Path.Combine(socketDir, $"h2-{Environment.ProcessId}-{http.Port}.sock");
        File.Delete(socket);
        ConnectionDelegate? http2 = null;
        kestrel.ListenUnixSocket(socket, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => http2 = next);
        });
        var address = http.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(http.Host);
        kestrel.Listen(address, http.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => async connection =>
            {
                var isHttp2 = await StartsWithPreface(connection);
                await (isHttp2 ? http2! : next)(connection);
            });
        });
    }

    static async Task<bool> StartsWithPreface(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync();
            var buffer = read.Buffer;
            var length = (int)Math.Min(buffer.Length, Http2Preface.Length);
            var matches = System.Buffers.BuffersExtensions.ToArray(buffer.Slice(0, length)).AsSpan().SequenceEqual(Http2Preface.AsSpan(0, length));
            if (!matches || length == Http2Preface.Length || read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                return matches && length == Http2Preface.Length;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
