using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// The node's signing key: a self-signed RSA 2048 certificate that survives a PEM round trip, and
/// signatures a subscriber checks with the certificate's public key as "Verifying the signatures of
/// Amazon SNS messages" says (SHA1withRSA for SignatureVersion 1, SHA256withRSA for 2).
/// </summary>
[Trait("Tier", "Unit")]
public class MessageSignerTests
{
    static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset NotAfter = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static SigningCertificate Key { get; } = SigningCertificate.Create("CN=sns.us-east-1.amazonaws.com", NotBefore, NotAfter);

    const string StringToSign = "Message\nMy Test Message\nMessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\nSubject\nMy subject\n"
        + "Timestamp\n2012-06-05T04:37:04.321Z\nTopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P\nType\nNotification\n";

    [Theory]
    [InlineData(SignatureVersion.Sha1WithRsa, "SHA1")]
    [InlineData(SignatureVersion.Sha256WithRsa, "SHA256")]
    public void Signature_is_base64_PKCS1_over_the_UTF8_string_with_the_versions_hash(SignatureVersion version, string hash)
    {
        var signature = new MessageSigner(Key).Sign(StringToSign, version);

        Assert.True(Verifies(Key.CertificatePem, StringToSign, signature, new HashAlgorithmName(hash)));
    }

    [Fact]
    public void Version_1_and_version_2_signatures_do_not_verify_as_each_other()
    {
        var signer = new MessageSigner(Key);

        Assert.False(Verifies(Key.CertificatePem, StringToSign, signer.Sign(StringToSign, SignatureVersion.Sha1WithRsa), HashAlgorithmName.SHA256));
        Assert.False(Verifies(Key.CertificatePem, StringToSign, signer.Sign(StringToSign, SignatureVersion.Sha256WithRsa), HashAlgorithmName.SHA1));
    }

    [Fact]
    public void Signature_of_another_string_does_not_verify()
    {
        var signature = new MessageSigner(Key).Sign(StringToSign, SignatureVersion.Sha256WithRsa);

        Assert.False(Verifies(Key.CertificatePem, StringToSign.Replace("My Test Message", "My Test Massage"), signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Created_certificate_is_self_signed_RSA_2048_with_the_subject_and_validity_given()
    {
        using var certificate = X509Certificate2.CreateFromPem(Key.CertificatePem);
        using var publicKey = certificate.GetRSAPublicKey();

        Assert.Equal("CN=sns.us-east-1.amazonaws.com", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(NotBefore, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(NotAfter, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        Assert.Equal(2048, publicKey!.KeySize);
        Assert.False(certificate.HasPrivateKey);
    }

    [Fact]
    public void Key_read_back_from_PEM_signs_as_the_original_does()
    {
        using var restored = SigningCertificate.FromPem(Key.CertificatePem, Key.ExportPrivateKeyPem());

        Assert.Equal(Key.CertificatePem, restored.CertificatePem);
        // PKCS#1 v1.5 signatures are deterministic: the same key gives the same signature.
        Assert.Equal(new MessageSigner(Key).Sign(StringToSign, SignatureVersion.Sha1WithRsa),
            new MessageSigner(restored).Sign(StringToSign, SignatureVersion.Sha1WithRsa));
    }

    [Fact]
    public void Exported_PEM_is_a_certificate_and_a_PKCS8_private_key()
    {
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", Key.CertificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", Key.ExportPrivateKeyPem());
    }

    [Fact]
    public void Key_of_another_certificate_is_refused()
    {
        using var other = SigningCertificate.Create("CN=other", NotBefore, NotAfter);

        Assert.ThrowsAny<CryptographicException>(() => SigningCertificate.FromPem(Key.CertificatePem, other.ExportPrivateKeyPem()));
    }

    internal static bool Verifies(string certificatePem, string stringToSign, string signature, HashAlgorithmName hash)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var publicKey = certificate.GetRSAPublicKey()!;
        return publicKey.VerifyData(Encoding.UTF8.GetBytes(stringToSign), Convert.FromBase64String(signature), hash, RSASignaturePadding.Pkcs1);
    }
}
