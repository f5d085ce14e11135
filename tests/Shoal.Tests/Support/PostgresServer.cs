using System.Diagnostics;

namespace Shoal.Tests.Support;

/// <summary>
/// A private PostgreSQL server for one test class: initdb in a temp dir, a free loopback port,
/// one database. Uses Debian's postgresql package (.ci/run installs it); as root it runs the
/// server as the postgres user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"shoal-pg-{Guid.NewGuid():N}");
    string _bin = "";

    public int Port { get; } = FreePort.Next();
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=shoal;Username=postgres;SSL Mode=Disable;No Reset On Close=true";

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it");
        Directory.CreateDirectory(_dataDir);
        if (Environment.UserName == "root") await Run("chown", "postgres", _dataDir);
        await AsPostgres(Path.Combine(_bin, "initdb"), "-D", _dataDir, "-A", "trust", "-U", "postgres", "--no-sync");
        await AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-w", "-l", Path.Combine(_dataDir, "server.log"),
            "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=on", "start");
        await AsPostgres(Path.Combine(_bin, "createdb"), "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "shoal");
    }

    /// <summary>Stops the server (fast shutdown), as if the database host went away; <see cref="Resume"/> starts it again.</summary>
    public Task Pause() => AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-m", "fast", "-w", "stop");

    public Task Resume() => AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-w", "-l", Path.Combine(_dataDir, "server.log"),
        "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=on", "start");

    public async Task DisposeAsync()
    {
        try
        {
            await AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    Task AsPostgres(string program, params string[] arguments) =>
        Environment.UserName == "root" ? Run("runuser", ["-u", "postgres", "--", program, .. arguments]) : Run(program, arguments);

    static async Task Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}
