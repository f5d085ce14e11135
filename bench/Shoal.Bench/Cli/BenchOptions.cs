using System.Globalization;
using System.Net;
using Shoal.Bench.Load;

namespace Shoal.Bench.Cli;

/// <summary>Options of the <c>run</c> command.</summary>
public sealed record BenchOptions
{
    public Uri Endpoint { get; init; } = new("http://127.0.0.1:4566");
    public Scenario Scenario { get; init; } = Scenario.Send;
    /// <summary>Producer workers, each with its own connection.</summary>
    public int Concurrency { get; init; } = 8;
    /// <summary>Consumer workers in the e2e scenarios, each with its own connection (fan-out: rounded up to a multiple of the queues).</summary>
    public int Consumers { get; init; } = 8;
    /// <summary>Stop after this many messages have been produced (null: use <see cref="Duration"/>).</summary>
    public long? Count { get; init; }
    /// <summary>Stop producing after this long (used when <see cref="Count"/> is not given, or as a cap with it).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>An unmeasured run of the same scenario first, so that JIT and caches are warm.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;
    public int BodySize { get; init; } = 100;
    /// <summary>Use this existing queue name instead of creating (and deleting) a unique one.</summary>
    public string? Queue { get; init; }
    /// <summary>ReceiveMessage WaitTimeSeconds (long polling), 1..20.</summary>
    public int WaitTimeSeconds { get; init; } = 1;
    /// <summary>How long consumers may keep draining after the producers stopped.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>e2e: producers pause while this many acknowledged messages are not yet deleted (0: never).</summary>
    public int MaxBacklog { get; init; } = 200;
    /// <summary>FIFO: message groups of fifo-send-batch and fifo-e2e-manyg (fifo-e2e-1g has one).</summary>
    public int Groups { get; init; } = 64;
    public int? ServerPid { get; init; }
    public string Label { get; init; } = "";
    public string? JsonPath { get; init; }

    public bool IsAmqp => Endpoint.Scheme is "amqp";

    public const string Usage = """
        Shoal.Bench run [options]        load-test an SQS (JSON 1.0) / SNS (Query) or AMQP endpoint
        Shoal.Bench report FILE.jsonl    print the results in FILE as one table
        Shoal.Bench free-port            print a free TCP port on 127.0.0.1

        run options:
          --endpoint URL         http://HOST:PORT (SQS JSON 1.0, SNS Query) or amqp://HOST:PORT (RabbitMQ);
                                 loopback only (default http://127.0.0.1:4566)
          --scenario NAME        send | send-batch | e2e | e2e-batch (standard queue),
                                 fifo-send-batch | fifo-e2e-1g | fifo-e2e-manyg (FIFO queue), or
                                 publish | publish-batch (SNS topic, no subscriptions),
                                 fanout-1 | fanout-3 | fanout-10 (SNS topic with 1, 3, 10 subscribed
                                 queues; AMQP: a fanout exchange with as many bound queues) (default send)
          --concurrency N        producer connections/workers (default 8)
          --consumers N          consumer connections/workers in e2e and fan-out scenarios (default:
                                 --concurrency; fan-out: rounded up to the same number per queue)
          --count N              messages to produce
          --duration SECONDS     how long to produce (default 5 when --count is not given)
          --warmup SECONDS       unmeasured run of the same scenario first (default 0)
          --body-size BYTES      message body size, at least 39, FIFO 48 (default 100)
          --queue NAME           use this queue; default: create a unique one and delete it at the end
                                 (not in the SNS scenarios: they always create their topic and queues)
          --wait-time SECONDS    ReceiveMessage WaitTimeSeconds, 1..20 (default 1)
          --drain-timeout SEC    how long consumers may drain after producers stop (default 15)
          --max-backlog N        e2e, fan-out: producers pause while N sent messages are not yet
                                 deleted (from every queue); 0 = never pause (default 200)
          --groups N             FIFO message groups of fifo-send-batch and fifo-e2e-manyg
                                 (default 64; fifo-e2e-1g always uses 1)
          --server-pid PID       sample CPU time and RSS of PID and its descendants from /proc
          --label TEXT           name of this row in the summary (default: the endpoint)
          --json PATH            append the summary as one JSON line to PATH
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        int? consumers = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--endpoint" => options with { Endpoint = ParseEndpoint(Value()) },
                "--scenario" => options with { Scenario = ScenarioInfo.Parse(Value()) },
                "--concurrency" => options with { Concurrency = PositiveInt(name, Value()) },
                "--consumers" => options with { Consumers = (consumers = PositiveInt(name, Value())).Value },
                "--count" => options with { Count = PositiveInt(name, Value()) },
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--warmup" => options with { Warmup = Seconds(name, Value()) },
                "--body-size" => options with { BodySize = PositiveInt(name, Value()) },
                "--queue" => options with { Queue = Value() },
                "--wait-time" => options with { WaitTimeSeconds = PositiveInt(name, Value()) },
                "--drain-timeout" => options with { DrainTimeout = Seconds(name, Value()) },
                "--max-backlog" => options with { MaxBacklog = NonNegativeInt(name, Value()) },
                "--groups" => options with { Groups = PositiveInt(name, Value()) },
                "--server-pid" => options with { ServerPid = PositiveInt(name, Value()) },
                "--label" => options with { Label = Value() },
                "--json" => options with { JsonPath = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (consumers is null)
            options = options with { Consumers = options.Concurrency };
        if (options.Count is null && options.Duration is null)
            options = options with { Duration = TimeSpan.FromSeconds(5) };
        if (options.Label.Length == 0)
            options = options with { Label = options.Endpoint.Authority };
        var minBody = options.Scenario.IsFifo() ? MessageCodec.MinFifoBodySize : MessageCodec.MinBodySize;
        if (options.BodySize < minBody)
            throw new ArgumentException($"--body-size must be at least {minBody}{(options.Scenario.IsFifo() ? " in the FIFO scenarios" : "")}");
        if (!options.IsAmqp && options.Queue is { } queue && queue.EndsWith(".fifo", StringComparison.Ordinal) != options.Scenario.IsFifo())
            throw new ArgumentException("--queue: SQS FIFO queues (the fifo-* scenarios) have names ending in .fifo, standard queues do not");
        if (options.Queue is not null && options.Scenario.IsTopic())
            throw new ArgumentException("--queue does not apply to the SNS scenarios (they create a topic and its queues)");
        if (options.Groups > FifoStreams.MaxGroups)
            throw new ArgumentException($"--groups must be at most {FifoStreams.MaxGroups}");
        if (options.WaitTimeSeconds is < 1 or > 20)
            throw new ArgumentException("--wait-time must be within 1..20");
        return options;
    }

    private static Uri ParseEndpoint(string text)
    {
        var uri = new Uri(text, UriKind.Absolute);
        if (uri.Scheme is not ("http" or "amqp"))
            throw new ArgumentException("--endpoint must be http://… or amqp://…");
        // This machine may only send load to itself.
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback)
            throw new ArgumentException("--endpoint must be a loopback address (127.0.0.0/8, ::1, localhost)");
        return uri;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} expects a positive integer, got '{value}'");

    private static int NonNegativeInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} expects a non-negative integer, got '{value}'");

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name} expects seconds, got '{value}'");
}
