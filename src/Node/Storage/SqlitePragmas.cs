using System.Data.Common;
using LinqToDB.Interceptors;

namespace Shoal.Node.Storage;

/// <summary>
/// Sets PRAGMA synchronous on every connection the journal opens: it is a per-connection
/// setting, and linq2db opens its own connections.
/// </summary>
public sealed class SqlitePragmas(string synchronous) : ConnectionInterceptor
{
    readonly string _statement = synchronous switch
    {
        "full" or "normal" => $"PRAGMA synchronous={synchronous.ToUpperInvariant()};",
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
