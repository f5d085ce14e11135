using System.Globalization;
using System.Text;

namespace Shoal.Actors.Topics;

internal enum PolicyToken { None, StartObject, EndObject, StartArray, EndArray, FieldName, String, Number, True, False, Null }

/// <summary>
/// Reads the tokens of a policy in the compact form <see cref="FilterPolicyJson"/> writes (one line, no
/// whitespace), keeping the position the way Jackson's string parser does, because SNS's rejections quote
/// it (" at [Source: ...; line: 1, column: 10]"): a field name is read together with the first character
/// of its value (all of it for a number or a keyword), and a string value is read only up to its opening
/// quote until its text is asked for.
/// </summary>
internal sealed class PolicyReader(string text)
{
    /// <summary>Jackson quotes at most this much of the source in a location.</summary>
    const int SourceSnippet = 500;

    readonly Stack<(bool IsObject, int Entries)> scopes = new();
    int position;
    bool stringPending;
    PolicyToken afterName;
    string? stringValue;
    string? literal;

    public PolicyToken Current { get; private set; }
    public string Name { get; private set; } = "";

    public PolicyToken Next()
    {
        if (Current == PolicyToken.FieldName) return Current = afterName;
        if (stringPending) FinishString(); // skips the rest of a string nobody read
        stringValue = null;
        if (position == text.Length) return Current = PolicyToken.None;
        int c = text[position++];
        if (c is ']' or '}')
        {
            scopes.Pop();
            return Current = c == ']' ? PolicyToken.EndArray : PolicyToken.EndObject;
        }
        if (scopes.Count > 0)
        {
            var (isObject, entries) = scopes.Pop();
            if (entries > 0) c = text[position++]; // past the comma
            scopes.Push((isObject, entries + 1));
            if (isObject)
            {
                Name = ReadRestOfString();
                position++; // the colon
                c = text[position++];
                afterName = Value(c);
                return Current = PolicyToken.FieldName;
            }
        }
        return Current = Value(c);
    }

    /// <summary>The current token as Jackson's getText gives it; reading a string value finishes it.</summary>
    public string Text => Current switch
    {
        PolicyToken.FieldName => Name,
        PolicyToken.String => stringValue ??= FinishString(),
        PolicyToken.Number => literal!,
        PolicyToken.True => "true",
        PolicyToken.False => "false",
        PolicyToken.Null => "null",
        PolicyToken.StartObject => "{",
        PolicyToken.EndObject => "}",
        PolicyToken.StartArray => "[",
        PolicyToken.EndArray => "]",
        _ => "",
    };

    public double Number => double.Parse(literal!, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Jackson's description of where the reader is, as it follows an error message.</summary>
    public string Location()
    {
        var source = new StringBuilder("[Source: (String)\"");
        foreach (var ch in text.AsSpan(0, Math.Min(text.Length, SourceSnippet)))
        {
            if (char.IsControl(ch) && ch is not ('\r' or '\n')) source.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
            else source.Append(ch);
        }
        source.Append('"');
        if (text.Length > SourceSnippet) source.Append(CultureInfo.InvariantCulture, $"[truncated {text.Length - SourceSnippet} chars]");
        return source.Append(CultureInfo.InvariantCulture, $"; line: 1, column: {position + 1}]").ToString();
    }

    PolicyToken Value(int c)
    {
        switch (c)
        {
            case '"':
                stringPending = true;
                return PolicyToken.String;
            case '[':
                scopes.Push((false, 0));
                return PolicyToken.StartArray;
            case '{':
                scopes.Push((true, 0));
                return PolicyToken.StartObject;
            case 't':
                position += 3;
                return PolicyToken.True;
            case 'f':
                position += 4;
                return PolicyToken.False;
            case 'n':
                position += 3;
                return PolicyToken.Null;
            default:
                var start = position - 1;
                while (position < text.Length && text[position] is (>= '0' and <= '9') or '-' or '+' or '.' or 'e' or 'E') position++;
                literal = text[start..position];
                return PolicyToken.Number;
        }
    }

    string FinishString()
    {
        stringPending = false;
        return ReadRestOfString();
    }

    /// <summary>A string whose opening quote is the character just read.</summary>
    string ReadRestOfString()
    {
        var value = new StringBuilder();
        while (true)
        {
            var c = text[position++];
            if (c == '"') return value.ToString();
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            var escaped = text[position++];
            value.Append(escaped switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => (char)int.Parse(text.AsSpan(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                _ => escaped,
            });
            if (escaped == 'u') position += 4;
        }
    }
}
