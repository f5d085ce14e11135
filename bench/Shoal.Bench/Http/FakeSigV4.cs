using System.Globalization;
using System.Security.Cryptography;

namespace Shoal.Bench.Http;

/// <summary>
/// The X-Amz-Date and Authorization headers of a SigV4-signed request, as real SDKs send them. The servers
/// under test do not verify signatures, so the signature is random but well-formed; the credential scope
/// names the service, which is how moto, serving every service on one port, tells SQS from SNS.
/// </summary>
public static class FakeSigV4
{
    public static string Headers(string service, string signedHeaders)
    {
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return $"X-Amz-Date: {date}\r\n" +
               $"Authorization: AWS4-HMAC-SHA256 Credential=test/{date[..8]}/us-east-1/{service}/aws4_request, " +
               $"SignedHeaders={signedHeaders}, Signature={signature}\r\n";
    }
}
