using System.Data.Common;
using LinqToDB.Interceptors;

namespace Shoal.Node.Storage;

/// <summary>
/// Per-connection pragmas for every connection the journal and snapshot store open (linq2db
/// opens its own). synchronous: see <see cref="StorageSettings.SqliteSynchronous"/>.
/// busy_timeout: a second writer (a snapshot, a journal delete) then waits in SQLite's own
/// handler, in steps of a millisecond or so, instead of getting SQLITE_BUSY, which
/// Microsoft.Data.Sqlite answers with a 150 ms sleep.
/// </summary>
public sealed class SqlitePragmas(string synchronous) : ConnectionInterceptor
{
    readonly string _statement = synchronous switch
    {
        "full" or "normal" => $"PRAGMA synchronous={synchronous.ToUpperInvariant()}; PRAGMA busy_timeout=30000;",
        _ => throw new InvalidOperationException($"Shoal:Storage:SqliteSynchronous must be full or normal, not '{synchronous}'."),
    };

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Run(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Run(connection);
        return Task.CompletedTask;
    }

    void Run(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _statement;
        command.ExecuteNonQuery();
    }
}
