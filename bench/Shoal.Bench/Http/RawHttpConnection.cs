using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shoal.Bench.Http;

/// <summary>A response whose body points into the connection's buffer: valid until the next request.</summary>
public readonly record struct HttpResponse(int Status, ReadOnlyMemory<byte> Body);

/// <summary>The peer closed a kept-alive connection before answering: safe to resend once on a new one.</summary>
internal sealed class StaleConnectionException() : IOException("connection closed before any response byte");

/// <summary>
/// A minimal HTTP/1.1 client over one keep-alive socket, one request at a time. It costs the load
/// generator far less CPU than HttpClient: the request is one pre-built buffer, the response is parsed in
/// place, nothing is allocated per request. Handles Content-Length, chunked bodies, HTTP/1.0 and
/// <c>Connection: close</c> (moto's server answers HTTP/1.0 style and closes; we reconnect).
/// </summary>
public sealed class RawHttpConnection(EndPoint endPoint) : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray(), LineEnd = "\r\n"u8.ToArray();
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _length;

    /// <summary>The address of a loopback endpoint URL ("localhost" without asking the resolver).</summary>
    public static IPEndPoint LoopbackEndPoint(Uri endpoint)
    {
        var address = endpoint.IsLoopback && !IPAddress.TryParse(endpoint.Host, out _)
            ? IPAddress.Loopback
            : IPAddress.Parse(endpoint.Host.Trim('[', ']'));
        return new IPEndPoint(address, endpoint.Port);
    }

    /// <summary>Connections opened so far (tells whether the server keeps connections alive).</summary>
    public int Connects { get; private set; }

    public async ValueTask<HttpResponse> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellation)
    {
        var reused = _socket is not null;
        try
        {
            try
            {
                return await SendOnceAsync(request, cancellation);
            }
            catch (Exception ex) when (reused && ex is StaleConnectionException or SocketException)
            {
                // The server dropped an idle kept-alive connection (local-aws-sqs does after 5 s).
                Close();
                return await SendOnceAsync(request, cancellation);
            }
        }
        catch
        {
            Close(); // the connection's state is unknown after a timeout or protocol error
            throw;
        }
    }

    private async ValueTask<HttpResponse> SendOnceAsync(ReadOnlyMemory<byte> request, CancellationToken cancellation)
    {
        var socket = _socket ??= await ConnectAsync(cancellation);
        for (var sent = 0; sent < request.Length;)
            sent += await socket.SendAsync(request[sent..], SocketFlags.None, cancellation);

        _length = 0;
        var headerEnd = await ReadUntilAsync(HeaderEnd, 0, cancellation);
        var head = ParseHead(_buffer.AsSpan(0, headerEnd));
        var bodyStart = headerEnd + 4;

        int bodyEnd;
        if (head.Chunked)
            bodyEnd = await ReadChunkedBodyAsync(bodyStart, cancellation);
        else if (head.ContentLength is { } contentLength)
            await FillAsync(bodyEnd = bodyStart + contentLength, cancellation);
        else
        {
            bodyEnd = await ReadToEndAsync(cancellation);
            head = head with { KeepAlive = false };
        }

        var response = new HttpResponse(head.Status, _buffer.AsMemory(bodyStart, bodyEnd - bodyStart));
        if (!head.KeepAlive)
            Close(); // the buffer stays valid; only the socket goes
        return response;
    }

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellation)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellation);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Connects++;
        return socket;
    }

    /// <summary>Reads until <paramref name="marker"/> appears at or after <paramref name="from"/>; returns its offset.</summary>
    private async ValueTask<int> ReadUntilAsync(byte[] marker, int from, CancellationToken cancellation)
    {
        while (true)
        {
            var found = _buffer.AsSpan(from, _length - from).IndexOf(marker);
            if (found >= 0)
                return from + found;
            from = Math.Max(from, _length - marker.Length + 1);
            await ReceiveMoreAsync(cancellation);
        }
    }

    /// <summary>Reads until at least <paramref name="end"/> bytes are buffered.</summary>
    private async ValueTask FillAsync(int end, CancellationToken cancellation)
    {
        while (_length < end)
            await ReceiveMoreAsync(cancellation, end);
    }

    private async ValueTask<int> ReadToEndAsync(CancellationToken cancellation)
    {
        while (await ReceiveMoreAsync(cancellation, allowEof: true) > 0)
        {
        }
        return _length;
    }

    /// <summary>Decodes a chunked body in place (chunk data moved down over the size lines); returns its end.</summary>
    private async ValueTask<int> ReadChunkedBodyAsync(int bodyStart, CancellationToken cancellation)
    {
        int write = bodyStart, read = bodyStart;
        while (true)
        {
            var lineEnd = await ReadUntilAsync(LineEnd, read, cancellation);
            var sizeText = Encoding.ASCII.GetString(_buffer, read, lineEnd - read).Split(';')[0].Trim();
            var size = Convert.ToInt32(sizeText, 16);
            if (size == 0)
            {
                // Skip optional trailers up to the empty line that ends the message.
                var trailerStart = lineEnd + 2;
                while (true)
                {
                    var end = await ReadUntilAsync(LineEnd, trailerStart, cancellation);
                    if (end == trailerStart) return write;
                    trailerStart = end + 2;
                }
            }
            var dataStart = lineEnd + 2;
            await FillAsync(dataStart + size + 2, cancellation);
            Buffer.BlockCopy(_buffer, dataStart, _buffer, write, size);
            write += size;
            read = dataStart + size + 2;
        }
    }

    private async ValueTask<int> ReceiveMoreAsync(CancellationToken cancellation, int wanted = 0, bool allowEof = false)
    {
        if (_length == _buffer.Length || wanted > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, wanted));
        var received = await _socket!.ReceiveAsync(_buffer.AsMemory(_length), SocketFlags.None, cancellation);
        if (received == 0 && !allowEof)
            throw _length == 0 ? new StaleConnectionException() : new IOException("connection closed mid-response");
        _length += received;
        return received;
    }

    private readonly record struct ResponseHead(int Status, int? ContentLength, bool Chunked, bool KeepAlive);

    private static ResponseHead ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK\r\nName: value\r\n…"
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8))
            throw new IOException($"not an HTTP/1.x response: '{Encoding.ASCII.GetString(statusLine)}'");
        var status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        var keepAlive = statusLine[7] == (byte)'1'; // HTTP/1.1 keeps alive by default, 1.0 does not

        int? contentLength = null;
        var chunked = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
                contentLength = Utf8Parser.TryParse(value, out int length, out _) ? length
                    : throw new IOException("bad Content-Length");
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
                chunked = value.IndexOf("chunked"u8) >= 0;
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
                keepAlive = Ascii.EqualsIgnoreCase(value, "keep-alive"u8) || (keepAlive && !Ascii.EqualsIgnoreCase(value, "close"u8));
        }
        return new ResponseHead(status, contentLength, chunked, keepAlive);
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();
}
