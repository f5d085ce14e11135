using System.Globalization;
using System.Net;

namespace Shoal.Actors.Topics;

/// <summary>
/// The operand of "cidr": an IPv4 or IPv6 address and a prefix length. The block runs from the address
/// as written to the address with every host bit set, as SNS's rule compiler builds it (the address is
/// not masked first), and a prefix of the full length (/32, /128) is refused.
/// </summary>
internal static class FilterPolicyCidr
{
    /// <summary>The block; throws <see cref="PolicyArgumentException"/> with the compiler's words.</summary>
    public static CidrPattern Parse(string cidr)
    {
        // Java's split drops trailing empty parts: "10.0.0.0/" is one part, "/24" two.
        var parts = cidr.Split('/').Reverse().SkipWhile(part => part.Length == 0).Reverse().ToArray();
        if (parts.Length != 2) throw new PolicyArgumentException("Malformed CIDR, one '/' required");
        if (!int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var maskBits))
            throw new PolicyArgumentException("Malformed CIDR, mask bits must be an integer");
        if (maskBits < 0) throw new PolicyArgumentException("Malformed CIDR, mask bits must not be negative");

        var address = parts[0];
        if (!IpAddresses.LooksLikeIp(address)) throw new PolicyArgumentException($"Nonstandard IP address: {address}");
        if (!IPAddress.TryParse(address, out var ip)) throw new PolicyArgumentException($"Invalid IP address: {address}");
        var low = ip.GetAddressBytes();
        if (low.Length == 4 && maskBits > 31) throw new PolicyArgumentException("IPv4 mask bits must be < 32");
        if (low.Length == 16 && maskBits > 127) throw new PolicyArgumentException("IPv6 mask bits must be < 128");

        var high = new byte[low.Length];
        var hostBits = low.Length * 8 - maskBits;
        for (var i = low.Length - 1; i >= 0; i--, hostBits -= 8)
        {
            high[i] = hostBits switch
            {
                >= 8 => 0xff,
                <= 0 => low[i],
                _ => (byte)(low[i] | ((1 << hostBits) - 1)),
            };
        }
        return new CidrPattern(low, high);
    }
}
