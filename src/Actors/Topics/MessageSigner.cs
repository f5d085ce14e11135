using System.Security.Cryptography;
using System.Text;

namespace Shoal.Actors.Topics;

/// <summary>A topic's SignatureVersion attribute: which hash SNS signs its HTTP/S messages with.</summary>
public enum SignatureVersion
{
    /// <summary>"1": SHA1withRSA, SNS's default.</summary>
    Sha1WithRsa = 1,

    /// <summary>"2": SHA256withRSA.</summary>
    Sha256WithRsa = 2,
}

/// <summary>
/// Signs the string SNS builds from a message (see <see cref="NotificationEnvelope"/>) with the node's
/// signing key: RSA PKCS#1 v1.5 over its UTF-8 bytes, base64, as the message's Signature field.
/// The same input gives the same signature, so an envelope built twice is the same text.
/// </summary>
public sealed class MessageSigner(SigningCertificate certificate)
{
    // An RSA object is not documented as safe to use from several threads at once, and deliveries are.
    readonly Lock signing = new();

    public string Sign(string stringToSign, SignatureVersion version)
    {
        var hash = version switch
        {
            SignatureVersion.Sha1WithRsa => HashAlgorithmName.SHA1,
            SignatureVersion.Sha256WithRsa => HashAlgorithmName.SHA256,
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "SignatureVersion is 1 or 2"),
        };
        var data = Encoding.UTF8.GetBytes(stringToSign);
        byte[] signature;
        lock (signing) signature = certificate.SignData(data, hash);
        return Convert.ToBase64String(signature);
    }
}
