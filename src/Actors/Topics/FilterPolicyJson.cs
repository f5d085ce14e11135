using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Shoal.Actors.Topics;

/// <summary>
/// SNS parses a FilterPolicy into a JSON tree and hands the tree, written back compactly, to its rule
/// compiler, so the text its rejections quote (and count columns in) is that compact form, not what the
/// caller sent: no whitespace, a repeated key once with its last value, strings escaped the Jackson way,
/// and floating-point numbers written as Java writes a double (3.015e2 becomes 301.5, 1e2 becomes 100.0).
/// </summary>
internal static class FilterPolicyJson
{
    const int MaxDepth = 1000;

    /// <summary>The compact form, or null when the text is not JSON.</summary>
    public static string? Compact(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var compact = new StringBuilder(json.Length);
            Write(document.RootElement, compact);
            return compact.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static void Write(JsonElement element, StringBuilder into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // A repeated key keeps its first place and takes its last value.
                var properties = new List<(string Name, JsonElement Value)>();
                var places = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (places.TryGetValue(property.Name, out var place)) properties[place] = (property.Name, property.Value);
                    else
                    {
                        places[property.Name] = properties.Count;
                        properties.Add((property.Name, property.Value));
                    }
                }
                into.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0) into.Append(',');
                    JacksonJson.WriteString(properties[i].Name, into);
                    into.Append(':');
                    Write(properties[i].Value, into);
                }
                into.Append('}');
                break;
            case JsonValueKind.Array:
                into.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) into.Append(',');
                    first = false;
                    Write(item, into);
                }
                into.Append(']');
                break;
            case JsonValueKind.String:
                JacksonJson.WriteString(element.GetString()!, into);
                break;
            case JsonValueKind.Number:
                WriteNumber(element.GetRawText(), into);
                break;
            default:
                into.Append(element.GetRawText());
                break;
        }
    }

    /// <summary>An integer as its digits; anything with a fraction or an exponent as Java's Double.toString.</summary>
    static void WriteNumber(string literal, StringBuilder into)
    {
        if (literal.AsSpan().IndexOfAny(".eE") < 0)
        {
            into.Append(literal == "-0" ? "0" : literal);
            return;
        }
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        // Jackson quotes what a double cannot hold.
        if (double.IsInfinity(value)) into.Append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        else into.Append(JavaDouble(value));
    }

    /// <summary>
    /// Java's Double.toString: the shortest digits that read back as the same double, written plainly
    /// from 10^-3 up to 10^7 (always with a fraction: 100.0) and as d.dddEn outside it (1.0E10, 1.5E-7).
    /// </summary>
    internal static string JavaDouble(double value)
    {
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var sign = value < 0 ? "-" : "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E');
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        // The value is 0.<digits> × 10^pointAt.
        var pointAt = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointAt -= leadingZeros;

        var scientific = pointAt - 1;
        if (scientific is >= -3 and < 7)
        {
            if (pointAt <= 0) return $"{sign}0.{new string('0', -pointAt)}{digits}";
            if (pointAt >= digits.Length) return $"{sign}{digits}{new string('0', pointAt - digits.Length)}.0";
            return $"{sign}{digits[..pointAt]}.{digits[pointAt..]}";
        }
        var fraction = digits.Length > 1 ? digits[1..] : "0";
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{digits[0]}.{fraction}E{scientific}");
    }
}
