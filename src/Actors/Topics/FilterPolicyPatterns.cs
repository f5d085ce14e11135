using System.Globalization;
using System.Net;

namespace Shoal.Actors.Topics;

internal enum FilterValueKind { String, Number, True, False, Null }

/// <summary>
/// One leaf value of a message as a filter policy sees it. A string and a number never equal each
/// other ("5" is not 5); a number keeps its literal and, when it is in range, its comparable key.
/// </summary>
internal readonly record struct FilterValue(FilterValueKind Kind, string Text, long? Key)
{
    public static FilterValue String(string text) => new(FilterValueKind.String, text, null);
    public static FilterValue Number(string literal) => new(FilterValueKind.Number, literal, FilterNumbers.Key(literal));
    public static readonly FilterValue True = new(FilterValueKind.True, "true", null);
    public static readonly FilterValue False = new(FilterValueKind.False, "false", null);
    public static readonly FilterValue Null = new(FilterValueKind.Null, "null", null);
}

/// <summary>
/// Numbers as SNS compares them: from -10^9 to 10^9, to six decimal places. A number's key is
/// (long)(10^6 × (10^9 + n)); two numbers are equal when their keys are.
/// </summary>
internal static class FilterNumbers
{
    const double Limit = 1e9;
    public const string OutOfRange = "Value must be between -1.0E9 and 1.0E9, inclusive";

    public static long? Key(double n) => n is >= -Limit and <= Limit ? (long)(1e6 * (Limit + n)) : null;

    public static long? Key(string literal) =>
        double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? Key(n) : null;
}

/// <summary>One value in a policy key's array: the message matches the key when any of them matches.</summary>
internal abstract record FilterPattern
{
    public abstract bool Matches(FilterValue value);
}

/// <summary>A string; one that reads as an IP address matches the same address however it is written.</summary>
internal sealed record ExactString(string Value, byte[]? Ip) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.String
        && (Ip is null ? value.Text == Value : IpAddresses.Bytes(value.Text) is { } ip && ip.AsSpan().SequenceEqual(Ip));
}

/// <summary>A number: equal in value when both are in range, else the same literal.</summary>
internal sealed record ExactNumber(string Literal, long? Key) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.Number && (Key is not null && value.Key == Key || value.Text == Literal);
}

/// <summary>true, false or null.</summary>
internal sealed record ExactKeyword(FilterValueKind Kind) : FilterPattern
{
    public override bool Matches(FilterValue value) => value.Kind == Kind;
}

internal sealed record PrefixPattern(string Prefix) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.String && value.Text.StartsWith(Prefix, StringComparison.Ordinal);
}

internal sealed record SuffixPattern(string Suffix) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.String && value.Text.EndsWith(Suffix, StringComparison.Ordinal);
}

internal sealed record EqualsIgnoreCasePattern(string Value) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.String && string.Equals(value.Text, Value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Any value (of any type) that is none of these strings or numbers.</summary>
internal sealed record AnythingBut(IReadOnlyList<FilterPattern> Excluded) : FilterPattern
{
    public override bool Matches(FilterValue value) => !Excluded.Any(excluded => excluded.Matches(value));
}

/// <summary>Any value that is not a string starting with the prefix.</summary>
internal sealed record AnythingButPrefix(string Prefix) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        !(value.Kind == FilterValueKind.String && value.Text.StartsWith(Prefix, StringComparison.Ordinal));
}

/// <summary>A number within the bounds (a missing bound is open-ended); "=" is a range of one key.</summary>
internal sealed record NumericRange(long? Bottom, bool OpenBottom, long? Top, bool OpenTop) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value is { Kind: FilterValueKind.Number, Key: { } key }
        && (Bottom is not { } bottom || (OpenBottom ? key > bottom : key >= bottom))
        && (Top is not { } top || (OpenTop ? key < top : key <= top));
}

/// <summary>An IP address string from Low to High, byte by byte (IPv4 and IPv6 never mix).</summary>
internal sealed record CidrPattern(byte[] Low, byte[] High) : FilterPattern
{
    public override bool Matches(FilterValue value) =>
        value.Kind == FilterValueKind.String
        && IpAddresses.Bytes(value.Text) is { } ip
        && ip.Length == Low.Length
        && ip.AsSpan().SequenceCompareTo(Low) >= 0
        && ip.AsSpan().SequenceCompareTo(High) <= 0;
}

/// <summary>
/// exists: true matches any value but null; exists: false matches no value, the key has to be absent
/// (the matcher checks that before it looks at values).
/// </summary>
internal sealed record ExistsPattern(bool Present) : FilterPattern
{
    public override bool Matches(FilterValue value) => Present && value.Kind != FilterValueKind.Null;
}

/// <summary>IP address literals the way the filter recognises them: only dotted quads and hex-and-colon forms.</summary>
internal static class IpAddresses
{
    public static bool LooksLikeIp(string text) => IsDottedQuad(text) || IsHexAndColons(text);

    public static byte[]? Bytes(string text) =>
        LooksLikeIp(text) && IPAddress.TryParse(text, out var address) ? address.GetAddressBytes() : null;

    static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part => part.Length > 0 && part.All(char.IsAsciiDigit));
    }

    static bool IsHexAndColons(string text) => text.Contains(':') && text.All(c => c == ':' || char.IsAsciiHexDigit(c));
}
