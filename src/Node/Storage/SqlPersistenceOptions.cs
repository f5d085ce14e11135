using System.Text;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;

namespace Shoal.Node.Storage;

/// <summary>
/// Akka.Persistence.Sql journal options for Akka.Hosting; stands in for the
/// Akka.Persistence.Sql.Hosting package the mirror lacks (akka-stack.md §2b).
/// </summary>
public sealed class SqlJournalOptions : JournalOptions
{
    public SqlJournalOptions() : base(true)
    {
        AutoInitialize = true;
        Serializer = null!;
    }

    public override string Identifier { get; set; } = "sql";
    public string ConnectionString { get; set; } = "";
    public string ProviderName { get; set; } = "";
    /// <summary>Concurrent write batches; SQLite has one writer, so more only adds lock waits.</summary>
    public int Parallelism { get; set; } = 3;
    protected override Config InternalDefaultConfig => SqlPersistence.DefaultJournalConfiguration;

    protected override StringBuilder Build(StringBuilder sb)
    {
        sb.AppendLine($"connection-string = {ConnectionString.ToHocon()}");
        sb.AppendLine($"provider-name = {ProviderName.ToHocon()}");
        sb.AppendLine($"parallelism = {Parallelism}");
        base.Build(sb);
        sb.AppendLine("akka.persistence.query.journal.sql {");
        sb.AppendLine($"connection-string = {ConnectionString.ToHocon()}");
        sb.AppendLine($"provider-name = {ProviderName.ToHocon()}");
        sb.AppendLine("}");
        return sb;
    }
}

public sealed class SqlSnapshotOptions : SnapshotOptions
{
    public SqlSnapshotOptions() : base(true)
    {
        AutoInitialize = true;
        Serializer = null!;
    }

    public override string Identifier { get; set; } = "sql";
    public string ConnectionString { get; set; } = "";
    public string ProviderName { get; set; } = "";
    protected override Config InternalDefaultConfig => SqlPersistence.DefaultSnapshotConfiguration;

    protected override StringBuilder Build(StringBuilder sb)
    {
        sb.AppendLine($"connection-string = {ConnectionString.ToHocon()}");
        sb.AppendLine($"provider-name = {ProviderName.ToHocon()}");
        return base.Build(sb);
    }
}
