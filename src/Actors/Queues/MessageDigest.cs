using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Shoal.Actors.Queues;

/// <summary>The MD5s SQS returns and the JS and .NET SDKs verify (aws-wire.md §5).</summary>
public static class MessageDigest
{
    public static string OfBody(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// Names in ordinal order; each as length-prefixed name, type, then 1+string or 2+bytes.
    /// Null when there are no attributes (SQS then omits the field).
    /// </summary>
    public static string? OfAttributes(IEnumerable<KeyValuePair<string, MessageAttributeValue>> attributes)
    {
        var sorted = attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0) return null;
        using var buffer = new MemoryStream();
        foreach (var (name, value) in sorted)
        {
            Put(buffer, Encoding.UTF8.GetBytes(name));
            Put(buffer, Encoding.UTF8.GetBytes(value.DataType));
            if (value.IsBinary)
            {
                buffer.WriteByte(2);
                Put(buffer, value.BinaryValue ?? []);
            }
            else
            {
                buffer.WriteByte(1);
                Put(buffer, Encoding.UTF8.GetBytes(value.StringValue ?? ""));
            }
        }
        return Convert.ToHexStringLower(MD5.HashData(buffer.ToArray()));
    }

    static void Put(Stream stream, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
