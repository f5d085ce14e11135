using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Shoal.Actors.Topics;

namespace Shoal.Node.Hosting;

/// <summary>
/// What SNS topics need from the node: the key they sign with (kept in a file across restarts), the
/// settings every topic entity shares, and the certificate served at SigningCertURL so subscribers can
/// verify what they get.
/// </summary>
public static class TopicSetup
{
    /// <summary>One client for every post to subscribers, endpoints and transforms: pooled connections, timeouts per request.</summary>
    public static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static TopicSettings TopicSettings(ShoalSettings settings)
    {
        var certificate = LoadOrCreate(settings.Topics.EffectiveSigningKeyFile(settings.Storage));
        return new TopicSettings(settings.Topics.SnapshotEvery, settings.Topics.EffectivePublicUrl(settings.Http), new MessageSigner(certificate), Http)
        {
            CertificateId = CertificateId(certificate),
        };
    }

    /// <summary>GET /SimpleNotificationService-{id}.pem: this node's signing certificate, where SigningCertURL points.</summary>
    public static WebApplication MapSigningCertificate(this WebApplication app, ShoalSettings settings)
    {
        var file = settings.Topics.EffectiveSigningKeyFile(settings.Storage);
        app.MapGet("/SimpleNotificationService-{id}.pem", (string id, TopicSettings topics) =>
        {
            if (!File.Exists(file) || id != topics.CertificateId) return Results.NotFound();
            var pem = File.ReadAllText(file);
            var end = pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + "-----END CERTIFICATE-----".Length;
            return Results.Text(pem[..end] + "\n", "application/x-x509-ca-cert");
        });
        return app;
    }

    /// <summary>The certificate and key in the file, or a new pair written there (readable by the owner only).</summary>
    static SigningCertificate LoadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            var pem = File.ReadAllText(file);
            return SigningCertificate.FromPem(pem, pem);
        }
        var now = DateTimeOffset.UtcNow;
        using var created = SigningCertificate.Create("CN=sns.shoal.local", now.AddDays(-1), now.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, created.CertificatePem + "\n" + created.ExportPrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Two nodes sharing a data directory may race here: the first file written wins, both use it.
        try
        {
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temporary);
        }
        var stored = File.ReadAllText(file);
        return SigningCertificate.FromPem(stored, stored);
    }

    static string CertificateId(SigningCertificate certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(certificate.CertificatePem)))[..32];
}
