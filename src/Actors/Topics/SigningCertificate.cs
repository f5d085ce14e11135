using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Shoal.Actors.Topics;

/// <summary>
/// The RSA key SNS signs its HTTP/S messages with, and the self-signed certificate a subscriber fetches
/// from SigningCertURL to check them. Every node must sign with the same key, so it is made once, kept as
/// PEM (in a file or a secret) and read back with <see cref="FromPem"/> on each node and each restart.
/// </summary>
public sealed class SigningCertificate : IDisposable
{
    public const int KeySizeBits = 2048;

    readonly RSA key;

    SigningCertificate(X509Certificate2 certificate, RSA key)
    {
        Certificate = certificate;
        this.key = key;
    }

    /// <summary>The certificate alone (public key, no private key): what SigningCertURL serves.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM ("-----BEGIN CERTIFICATE-----").</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), to store with the certificate.</summary>
    public string ExportPrivateKeyPem() => key.ExportPkcs8PrivateKeyPem();

    /// <summary>
    /// A new key and a certificate for it, signed by itself. The caller gives the subject ("CN=...") and
    /// the validity, so nothing here reads the clock.
    /// </summary>
    public static SigningCertificate Create(string subjectName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = RSA.Create(KeySizeBits);
        try
        {
            var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var withKey = request.CreateSelfSigned(notBefore, notAfter);
            return new SigningCertificate(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The pair <see cref="CertificatePem"/> and <see cref="ExportPrivateKeyPem"/> wrote; throws if the key is not the certificate's.</summary>
    public static SigningCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            using var publicKey = certificate.GetRSAPublicKey() ?? throw new CryptographicException("The certificate does not hold an RSA key.");
            if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                throw new CryptographicException("The private key does not belong to the certificate.");
            return new SigningCertificate(certificate, key);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>PKCS#1 v1.5 signature of the bytes with the private key.</summary>
    internal byte[] SignData(byte[] data, HashAlgorithmName hash) => key.SignData(data, hash, RSASignaturePadding.Pkcs1);

    public void Dispose()
    {
        key.Dispose();
        Certificate.Dispose();
    }
}
