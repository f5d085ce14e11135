using System.Net;
using System.Net.Sockets;
using Shoal.Bench.Cli;
using Shoal.Bench.Report;

// Shoal.Bench: a load generator for SQS-compatible servers (AWS JSON 1.0 over HTTP/1.1) and RabbitMQ (AMQP).

// Run socket continuations on the epoll thread instead of hopping to the thread pool: our continuations are
// short and never block, and the hop was most of the client's CPU per request. The runtime reads this
// variable once, when the first socket operation starts, so it must be set before any (set it to 0 to compare).
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
try
{
    return args switch
    {
        ["run", .. var rest] => await RunCommand.ExecuteAsync(BenchOptions.Parse(rest)),
        ["report", .. var files] when files.Length > 0 => Report(files),
        ["free-port"] => FreePort(),
        ["help" or "--help" or "-h"] => Usage(0),
        [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) =>
            await RunCommand.ExecuteAsync(BenchOptions.Parse(args)),
        _ => Usage(2),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return Usage(2);
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or SocketException
                           or RabbitMQ.Client.Exceptions.BrokerUnreachableException or OperationCanceledException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

static int Usage(int exitCode)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(BenchOptions.Usage);
    return exitCode;
}

// Prints every run stored in the given --json files as one table.
static int Report(IEnumerable<string> files)
{
    var rows = files
        .SelectMany(File.ReadLines)
        .Where(line => !string.IsNullOrWhiteSpace(line))
        .Select(line => RunSummary.FromJsonLine(line) ?? throw new InvalidOperationException($"bad line: {line}"));
    Console.Write(SummaryTable.Render(rows));
    return 0;
}

// run-peers.sh asks for a port no one is listening on, so each peer gets its own.
static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    Console.WriteLine(((IPEndPoint)socket.LocalEndPoint!).Port);
    return 0;
}
