using System.Globalization;
using System.Text;

namespace Shoal.Actors.Topics;

/// <summary>
/// SNS is written in Java and writes JSON with Jackson, so text it quotes or sends escapes the way
/// Jackson does: quote, backslash and control characters only (\b \t \n \f \r by name, the others as
/// \u00XX), with everything else, non-ASCII included, written as it is.
/// </summary>
internal static class JacksonJson
{
    public static void WriteString(string text, StringBuilder into)
    {
        into.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': into.Append("\\\""); break;
                case '\\': into.Append("\\\\"); break;
                case '\b': into.Append("\\b"); break;
                case '\t': into.Append("\\t"); break;
                case '\f': into.Append("\\f"); break;
                case '\n': into.Append("\\n"); break;
                case '\r': into.Append("\\r"); break;
                case < ' ': into.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"); break;
                default: into.Append(c); break;
            }
        }
        into.Append('"');
    }
}
