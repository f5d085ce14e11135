using Shoal.Actors.Queues;

namespace Shoal.Node;

/// <summary>The "Shoal" configuration section; README lists every setting.</summary>
public sealed class ShoalSettings
{
    public const string Section = "Shoal";

    public NodeSettings Node { get; set; } = new();
    public HttpSettings Http { get; set; } = new();
    public ClusterSettings Cluster { get; set; } = new();
    public StorageSettings Storage { get; set; } = new();
    public QueueEntitySettings Queues { get; set; } = new();
    public TopicEntitySettings Topics { get; set; } = new();
    public StreamEntitySettings Streams { get; set; } = new();
    public FirehoseEntitySettings Firehose { get; set; } = new();

    /// <summary>The "Shoal" section of the node's configuration (appsettings, environment, command line).</summary>
    public static ShoalSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ShoalSettings>() ?? new ShoalSettings();

    /// <summary>Short flags for the common settings: --host, --port, --data-dir.</summary>
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--host"] = "Shoal:Http:Host",
        ["--port"] = "Shoal:Http:Port",
        ["--data-dir"] = "Shoal:Storage:DataDir",
    };
}

public sealed class NodeSettings
{
    public const string Api = "api";
    public const string Broker = "broker";

    /// <summary>
    /// api: serves HTTP through region proxies; broker: hosts the entities. None configured means
    /// both (no array default here: the configuration binder appends to one instead of replacing it).
    /// </summary>
    public string[] Roles { get; set; } = [];

    public string[] EffectiveRoles => Roles.Length == 0 ? [Api, Broker] : Roles;

    /// <summary>The availability zone the node runs in (informational in active-standby; spreads shards in active-active).</summary>
    public string Zone { get; set; } = "";

    public const string ZoneRolePrefix = "zone.";

    /// <summary>
    /// The roles gossiped to the cluster: the node's roles plus its zone, so every node knows every member's zone.
    /// Roles end up unquoted in HOCON, hence the plain characters a zone may use.
    /// </summary>
    public string[] ClusterRoles => Zone.Length == 0
        ? EffectiveRoles
        : Zone.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? [.. EffectiveRoles, ZoneRolePrefix + Zone]
            : throw new InvalidOperationException($"Shoal:Node:Zone '{Zone}' may use letters, digits, '-', '_' and '.' only.");
    public bool IsApi => EffectiveRoles.Contains(Api);
    public bool IsBroker => EffectiveRoles.Contains(Broker);
}

public sealed class HttpSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 4566;
}

public sealed class ClusterSettings
{
    public string Host { get; set; } = "127.0.0.1";
    /// <summary>0 picks a free port: a single node seeds itself and needs no fixed address.</summary>
    public int Port { get; set; }
    public string[] Seeds { get; set; } = [];

    public const string ActiveActive = "active-active";
    public const string ActiveStandby = "active-standby";

    /// <summary>
    /// active-active: shards spread over the brokers, keep-majority downing. active-standby: every shard on
    /// the oldest broker, lease-majority downing with the lease in the shared PostgreSQL database.
    /// </summary>
    public string Mode { get; set; } = ActiveActive;

    public bool IsActiveStandby => Mode switch
    {
        ActiveActive => false,
        ActiveStandby => true,
        var other => throw new InvalidOperationException($"Unknown Shoal:Cluster:Mode '{other}' ({ActiveActive} or {ActiveStandby})."),
    };
}

public sealed class StorageSettings
{
    public string DataDir { get; set; } = "./data";
    public string Provider { get; set; } = "sqlite";
    public string? ConnectionString { get; set; }
    /// <summary>
    /// SQLite's PRAGMA synchronous: "full" fsyncs every commit (survives power loss);
    /// "normal" syncs the WAL at checkpoints only (survives a process crash, kill -9 included,
    /// but an OS crash or power cut may roll back the last commits).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "full";
}

public sealed class QueueEntitySettings
{
    public int SnapshotEvery { get; set; } = 1000;

    /// <summary>
    /// Throttling mode: names of the queues (<c>*</c> wildcard, e.g. <c>orders-*.fifo</c>) whose message
    /// actions get AWS's FIFO quotas, one pattern per element: <c>Shoal__Queues__Throttling__0=orders-*.fifo</c>.
    /// Empty by default (the binder appends to a non-empty array default instead of replacing it).
    /// </summary>
    public string[] Throttling { get; set; } = [];

    /// <summary>Calls per second per action on a throttled standard queue, which AWS does not throttle; 0 leaves them unthrottled.</summary>
    public int ThrottledStandardCallsPerSecond { get; set; } = ThrottleRules.FifoCallsPerSecond;
}

public sealed class TopicEntitySettings
{
    public int SnapshotEvery { get; set; } = 1000;

    /// <summary>
    /// This node's HTTP address as subscribers reach it, for the SubscribeURL, UnsubscribeURL and SigningCertURL
    /// of what topics send; by default http://{Shoal:Http:Host}:{Shoal:Http:Port}.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// The PEM file (certificate, then private key) topics sign their messages with; made on first start when
    /// missing. By default sns-signing.pem in the data directory.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    public string EffectivePublicUrl(HttpSettings http) => (PublicUrl ?? $"http://{http.Host}:{http.Port}").TrimEnd('/');

    public string EffectiveSigningKeyFile(StorageSettings storage) => SigningKeyFile ?? Path.Combine(storage.DataDir, "sns-signing.pem");
}

public sealed class StreamEntitySettings
{
    /// <summary>
    /// "strict" (default): AWS's per-shard limits, 1 MiB/s and 1,000 records/s in, 5 reads/s and 2 MiB/s out, with
    /// ProvisionedThroughputExceededException past them; "relaxed": none, for local development.
    /// </summary>
    public string Throughput { get; set; } = "strict";

    public Shoal.Actors.Streams.ShardThroughputLimits Limits => Throughput switch
    {
        "strict" => Shoal.Actors.Streams.ShardThroughputLimits.Strict,
        "relaxed" => Shoal.Actors.Streams.ShardThroughputLimits.Relaxed,
        var other => throw new InvalidOperationException($"Unknown Shoal:Streams:Throughput '{other}' (strict or relaxed)."),
    };
}

public sealed class FirehoseEntitySettings
{
    /// <summary>
    /// The directory that stands for S3: a delivery stream's bucket "b" is its subdirectory "b", each object key a path
    /// below that. Default: "s3" in the data directory. Every broker writes to its own, unless they share one.
    /// </summary>
    public string? S3Dir { get; set; }

    public string EffectiveS3Dir(StorageSettings storage) => S3Dir ?? Path.Combine(storage.DataDir, "s3");
}
