using Akka.Actor;
using Akka.Cluster;
using Akka.Coordination;
using Akka.Event;
using Npgsql;

namespace Shoal.Node.Coordination;

/// <summary>
/// Akka.Coordination's lease on the shared PostgreSQL database, the analogue of ActiveMQ's exclusive
/// lock on its shared store: one row per lease name, held by one owner until it expires. The database
/// clock decides expiry, so the nodes' clocks need not agree. While held, the lease is renewed every
/// heartbeat-interval; a renewal that finds another owner (or cannot reach the database before the
/// lease would have expired) reports the lease lost.
/// <para>
/// The split-brain resolver takes the lease on the side that survives, and Akka.NET 1.5 never gives it
/// back (measured: the holder renewed it for good). The next failure would then be decided by whichever
/// node leads then, which could not take it from the holder and would down its own side. So the lease
/// also passes to a new owner when its holder is a member this node sees as reachable: the holder is on
/// the same side of any partition, and the side, not the node, is what the lease decides. A holder on
/// the other side of a partition is unreachable from here and keeps it.
/// </para>
/// </summary>
public sealed class PostgresLease : Lease
{
    /// <summary>The HOCON path of this implementation (split-brain-resolver lease-majority names it).</summary>
    public const string ConfigPath = "shoal.postgres-lease";

    const string CreateTable = """
        CREATE TABLE IF NOT EXISTS shoal_lease (
          name text PRIMARY KEY,
          owner text NOT NULL,
          expires_at timestamptz NOT NULL)
        """;

    // Taken when free, expired, already ours or held by a reachable member; the returned row says who holds it now.
    const string AcquireSql = """
        INSERT INTO shoal_lease (name, owner, expires_at) VALUES (@name, @owner, now() + @ttl)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
          WHERE shoal_lease.owner = excluded.owner OR shoal_lease.expires_at < now() OR shoal_lease.owner = ANY(@reachable)
        RETURNING owner
        """;

    const string RenewSql = "UPDATE shoal_lease SET expires_at = now() + @ttl WHERE name = @name AND owner = @owner";
    const string ReleaseSql = "DELETE FROM shoal_lease WHERE name = @name AND owner = @owner";

    readonly SemaphoreSlim _tableCreated = new(1, 1);
    volatile bool _tableReady;

    readonly NpgsqlDataSource _database;
    readonly ILoggingAdapter _log;
    readonly TimeSpan _ttl;
    readonly object _gate = new();
    // When our hold runs out by our own clock: renewed at each successful heartbeat, measured from
    // before the statement was sent, so it never outlives the database's own expiry.
    DateTime _heldUntil = DateTime.MinValue;
    CancellationTokenSource? _heartbeat;
    Action<Exception?>? _lost;

    readonly Func<string[]> _reachableOwners;

    public PostgresLease(LeaseSettings settings, ExtendedActorSystem system) : this(settings, system, ReachableMembers(system))
    {
    }

    /// <param name="reachableOwners">The owner names of the members this node sees as reachable now.</param>
    public PostgresLease(LeaseSettings settings, ExtendedActorSystem system, Func<string[]> reachableOwners) : base(settings)
    {
        _reachableOwners = reachableOwners;
        var connectionString = system.Settings.Config.GetString($"{ConfigPath}.connection-string");
        if (string.IsNullOrEmpty(connectionString))
            throw new InvalidOperationException($"{ConfigPath}.connection-string is required.");
        _database = NpgsqlDataSource.Create(connectionString);
        _log = Logging.GetLogger(system, nameof(PostgresLease));
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
    }

    public override Task<bool> Acquire() => Acquire(_ => { });

    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        await EnsureTable();
        var sent = DateTime.UtcNow;
        await using var command = _database.CreateCommand(AcquireSql);
        AddParameters(command);
        command.Parameters.AddWithValue("reachable", _reachableOwners());
        var holder = await WithTimeout(token => command.ExecuteScalarAsync(token)) as string;
        if (holder != Settings.OwnerName)
        {
            _log.Info("Lease {0} is held by {1}, which this node does not see as reachable; not acquired by {2}",
                Settings.LeaseName, holder ?? "another owner", Settings.OwnerName);
            return false;
        }
        lock (_gate)
        {
            _heldUntil = sent + _ttl;
            _lost = e => leaseLostCallback(e!);
            _heartbeat?.Cancel();
            _heartbeat = new CancellationTokenSource();
            _ = Renew(_heartbeat.Token);
        }
        _log.Info("Lease {0} acquired by {1}", Settings.LeaseName, Settings.OwnerName);
        return true;
    }

    public override async Task<bool> Release()
    {
        StopHeartbeat();
        await using var command = _database.CreateCommand(ReleaseSql);
        AddParameters(command, withTtl: false);
        var released = await WithTimeout(token => command.ExecuteNonQueryAsync(token)) > 0;
        _log.Info("Lease {0} released by {1}", Settings.LeaseName, Settings.OwnerName);
        return released;
    }

    public override bool CheckLease()
    {
        lock (_gate) return DateTime.UtcNow < _heldUntil;
    }

    async Task Renew(CancellationToken stop)
    {
        var interval = Settings.TimeoutSettings.HeartbeatInterval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var sent = DateTime.UtcNow;
            try
            {
                await using var command = _database.CreateCommand(RenewSql);
                AddParameters(command);
                if (await WithTimeout(token => command.ExecuteNonQueryAsync(token)) == 0)
                {
                    Lose(new LeaseException($"Lease {Settings.LeaseName} was taken over by another owner."));
                    return;
                }
                lock (_gate) _heldUntil = sent + _ttl;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // The database may be back before the hold runs out; past that, the lease is gone.
                if (!CheckLease())
                {
                    Lose(new LeaseException($"Lease {Settings.LeaseName} could not be renewed: {e.Message}"));
                    return;
                }
                _log.Warning("Renewing lease {0} failed, retrying: {1}", Settings.LeaseName, e.Message);
            }
        }
    }

    void Lose(Exception reason)
    {
        Action<Exception?>? lost;
        lock (_gate)
        {
            _heldUntil = DateTime.MinValue;
            lost = _lost;
            _lost = null;
        }
        _log.Warning("Lease {0} lost by {1}: {2}", Settings.LeaseName, Settings.OwnerName, reason.Message);
        lost?.Invoke(reason);
    }

    void StopHeartbeat()
    {
        lock (_gate)
        {
            _heartbeat?.Cancel();
            _heartbeat = null;
            _lost = null;
            _heldUntil = DateTime.MinValue;
        }
    }

    /// <summary>Up members not marked unreachable, named as the split-brain resolver names lease owners (system@host:port).</summary>
    static Func<string[]> ReachableMembers(ExtendedActorSystem system)
    {
        if (system.Provider is not IClusterActorRefProvider) return () => [];
        var cluster = Akka.Cluster.Cluster.Get(system);
        return () =>
        {
            var state = cluster.State;
            return state.Members
                .Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m))
                .Select(m => $"{m.Address.System}@{m.Address.Host}:{m.Address.Port}")
                .ToArray();
        };
    }

    void AddParameters(NpgsqlCommand command, bool withTtl = true)
    {
        command.Parameters.AddWithValue("name", Settings.LeaseName);
        command.Parameters.AddWithValue("owner", Settings.OwnerName);
        if (withTtl) command.Parameters.AddWithValue("ttl", _ttl);
    }

    async Task<T> WithTimeout<T>(Func<CancellationToken, Task<T>> operation)
    {
        using var timeout = new CancellationTokenSource(Settings.TimeoutSettings.OperationTimeout);
        return await operation(timeout.Token);
    }

    /// <summary>Every node may start at once: CREATE TABLE IF NOT EXISTS can still race, so a lost race is fine.</summary>
    async Task EnsureTable()
    {
        if (_tableReady) return;
        await _tableCreated.WaitAsync();
        try
        {
            if (_tableReady) return;
            await using var command = _database.CreateCommand(CreateTable);
            try
            {
                await WithTimeout(token => command.ExecuteNonQueryAsync(token));
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
            }
            _tableReady = true;
        }
        finally
        {
            _tableCreated.Release();
        }
    }
}
