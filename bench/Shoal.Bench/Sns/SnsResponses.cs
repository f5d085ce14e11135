using System.Net;
using System.Text;

namespace Shoal.Bench.Sns;

/// <summary>
/// Reads the few fields the benchmark checks from SNS Query (XML) replies by searching the bytes: the elements
/// it looks for are unique in their reply, and their values (ARNs, ids, error codes) hold no markup.
/// </summary>
public static class SnsResponses
{
    /// <summary>The text of the first <c>&lt;name&gt;</c> element (TopicArn, SubscriptionArn), entities decoded.</summary>
    public static string? Element(ReadOnlySpan<byte> xml, string name)
    {
        var value = Inner(xml, Encoding.ASCII.GetBytes($"<{name}>"), Encoding.ASCII.GetBytes($"</{name}>"));
        return value.IsEmpty ? null : WebUtility.HtmlDecode(Encoding.UTF8.GetString(value));
    }

    /// <summary>Publish: true when the reply carries a non-empty MessageId.</summary>
    public static bool HasMessageId(ReadOnlySpan<byte> xml) => !Inner(xml, "<MessageId>"u8, "</MessageId>"u8).IsEmpty;

    /// <summary>
    /// PublishBatch: a bit mask of the entry Ids ("0".."9") listed under Successful, and the number of Failed
    /// members with the code of the first one.
    /// </summary>
    public static (int SuccessMask, int Failed, string? FirstFailure) BatchResult(ReadOnlySpan<byte> xml)
    {
        var mask = 0;
        var successful = Inner(xml, "<Successful>"u8, "</Successful>"u8);
        for (var at = successful.IndexOf("<Id>"u8); at >= 0; at = successful.IndexOf("<Id>"u8))
        {
            successful = successful[(at + 4)..];
            if (successful is [var digit and >= (byte)'0' and <= (byte)'9', (byte)'<', ..])
                mask |= 1 << (digit - '0');
        }
        var failedPart = Inner(xml, "<Failed>"u8, "</Failed>"u8);
        var failed = failedPart.IsEmpty ? 0 : CountOf(failedPart, "<member>"u8);
        var code = Inner(failedPart, "<Code>"u8, "</Code>"u8);
        return (mask, failed, failed == 0 ? null : code.IsEmpty ? "?" : Encoding.UTF8.GetString(code));
    }

    /// <summary>A short description of an error reply: its Code, else the status and the start of the body.</summary>
    public static string ErrorKind(int status, ReadOnlySpan<byte> xml)
    {
        var code = Inner(xml, "<Code>"u8, "</Code>"u8);
        if (!code.IsEmpty)
            return $"HTTP {status} {Encoding.UTF8.GetString(code)}";
        var preview = Encoding.UTF8.GetString(xml[..Math.Min(xml.Length, 60)]).ReplaceLineEndings(" ");
        return $"HTTP {status} {preview}".TrimEnd();
    }

    private static ReadOnlySpan<byte> Inner(ReadOnlySpan<byte> xml, ReadOnlySpan<byte> open, ReadOnlySpan<byte> close)
    {
        var start = xml.IndexOf(open);
        if (start < 0) return [];
        var rest = xml[(start + open.Length)..];
        var end = rest.IndexOf(close);
        return end < 0 ? [] : rest[..end].Trim(" \r\n\t"u8);
    }

    private static int CountOf(ReadOnlySpan<byte> text, ReadOnlySpan<byte> part)
    {
        var count = 0;
        for (var at = text.IndexOf(part); at >= 0; at = text.IndexOf(part))
        {
            count++;
            text = text[(at + part.Length)..];
        }
        return count;
    }
}
