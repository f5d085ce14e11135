namespace Shoal.Actors.Topics;

/// <summary>
/// The operand of "numeric": ["=", x], one bound ["&lt;", x], ["&lt;=", x], ["&gt;", x], ["&gt;=", x], or a range
/// that starts with a lower bound and ends with an upper one, [">", 0, "&lt;=", 150]. Read the way SNS's
/// rule compiler reads it, so a malformed one is refused with the same words at the same place.
/// </summary>
internal static class FilterPolicyNumeric
{
    public const string TooManyElements = "Too many elements in numeric expression";

    /// <summary>Reads from just inside the array through its closing bracket.</summary>
    public static NumericRange Read(PolicyReader reader, Func<string, PolicySyntaxException> failure)
    {
        if (reader.Next() != PolicyToken.String) throw failure($"Invalid member in numeric match: {reader.Text}");
        var op = reader.Text;
        var token = reader.Next();
        switch (op)
        {
            case "=":
                var value = Operand(reader, token, "equals", failure);
                if (reader.Next() != PolicyToken.EndArray) throw failure(TooManyElements);
                var key = Key(value, failure);
                return new NumericRange(key, false, key, false);
            case ">" or ">=":
                var bottom = Operand(reader, token, op, failure);
                token = reader.Next();
                return token == PolicyToken.EndArray
                    ? new NumericRange(Key(bottom, failure), op == ">", null, false)
                    : Between(reader, token, bottom, op == ">", failure);
            case "<" or "<=":
                var top = Operand(reader, token, op, failure);
                if (reader.Next() != PolicyToken.EndArray) throw failure(TooManyElements);
                return new NumericRange(null, false, Key(top, failure), op == "<");
            default:
                throw failure($"Unrecognized numeric range operator: {op}");
        }
    }

    static NumericRange Between(PolicyReader reader, PolicyToken token, double bottom, bool openBottom, Func<string, PolicySyntaxException> failure)
    {
        if (token != PolicyToken.String) throw failure($"Bad value in numeric range: {reader.Text}");
        var op = reader.Text;
        var openTop = op switch
        {
            "<" => true,
            "<=" => false,
            _ => throw failure($"Bad numeric range operator: {op}"),
        };
        var top = Operand(reader, reader.Next(), op, failure);
        if (reader.Next() != PolicyToken.EndArray) throw failure("Too many terms in numeric range expression");
        if (bottom >= top) throw failure("Bottom must be less than top");
        return new NumericRange(Key(bottom, failure), openBottom, Key(top, failure), openTop);
    }

    static double Operand(PolicyReader reader, PolicyToken token, string op, Func<string, PolicySyntaxException> failure) =>
        token == PolicyToken.Number ? reader.Number : throw failure($"Value of {op} must be numeric");

    static long Key(double value, Func<string, PolicySyntaxException> failure) =>
        FilterNumbers.Key(value) ?? throw failure(FilterNumbers.OutOfRange);
}
