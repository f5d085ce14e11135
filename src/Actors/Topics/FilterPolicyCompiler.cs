using System.Diagnostics.CodeAnalysis;

namespace Shoal.Actors.Topics;

/// <summary>A key of the policy (a dotted path in body scope) with its values and how deep it is nested.</summary>
internal sealed record PolicyField(IReadOnlyList<FilterPattern> Patterns, int Depth);

/// <summary>
/// A policy as the compiler reads it: one branch per alternative its "$or"s spell out, each branch
/// the keys that must all match; plus what the limits are checked on.
/// </summary>
internal sealed record CompiledPolicy(
    IReadOnlyList<IReadOnlyDictionary<string, PolicyField>> Branches,
    IReadOnlySet<string> Keys,
    int MaxDepth,
    bool TooManyBranches);

/// <summary>A rejection found while reading the policy; the message ends with where (Jackson's location).</summary>
internal sealed class PolicySyntaxException(string message) : Exception(message);

/// <summary>A rejection about a value, not its place in the text (a malformed CIDR block): no location.</summary>
internal sealed class PolicyArgumentException(string message) : Exception(message);

/// <summary>
/// Reads a filter policy the way SNS's rule compiler (Amazon's Event Ruler) does, with its checks in its
/// order and its messages, so rejections read the same. A policy that fails with "$or" read as the OR
/// operator is read again with "$or" as a plain key, which is how SNS treats an "$or" that does not
/// meet the operator's conditions (an array of at least two objects without reserved key names).
/// </summary>
internal sealed class PolicyCompiler
{
    /// <summary>Beyond this many branches a policy is too complex whatever its keys hold.</summary>
    const int BranchLimit = FilterPolicyRules.MaxCombinations;

    const string Or = "$or";

    static readonly HashSet<string> ReservedInOr =
    [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
        "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    ];

    readonly PolicyReader reader;
    readonly bool orOperator;
    readonly List<string> path = [];
    readonly HashSet<string> keys = new(StringComparer.Ordinal);
    int maxDepth;
    bool tooManyBranches;

    PolicyCompiler(string json, bool orOperator)
    {
        reader = new PolicyReader(json);
        this.orOperator = orOperator;
    }

    /// <summary>The compiled policy; throws <see cref="PolicySyntaxException"/> or <see cref="PolicyArgumentException"/>.</summary>
    public static CompiledPolicy Compile(string json)
    {
        try
        {
            return new PolicyCompiler(json, orOperator: true).Run();
        }
        catch (PolicySyntaxException)
        {
            return new PolicyCompiler(json, orOperator: false).Run();
        }
    }

    CompiledPolicy Run()
    {
        if (reader.Next() != PolicyToken.StartObject) Fail("Filter is not an object");
        var branches = new List<Dictionary<string, PolicyField>>();
        ReadObject(branches, insideOr: false);
        return new CompiledPolicy(branches, keys, maxDepth, tooManyBranches);
    }

    void ReadObject(List<Dictionary<string, PolicyField>> branches, bool insideOr)
    {
        var fieldsPresent = false;
        while (reader.Next() != PolicyToken.EndObject)
        {
            fieldsPresent = true;
            var name = reader.Name;
            if (orOperator && name == Or)
            {
                ReadOr(branches);
                continue;
            }
            if (orOperator && insideOr && ReservedInOr.Contains(name))
                Fail($"{name} is Ruler reserved fieldName which cannot be used inside {Or}.");
            switch (reader.Next())
            {
                case PolicyToken.StartObject:
                    path.Add(name);
                    ReadObject(branches, insideOr);
                    path.RemoveAt(path.Count - 1);
                    break;
                case PolicyToken.StartArray:
                    ReadValues(branches, name);
                    break;
                default:
                    Fail($"\"{name}\" must be an object or an array");
                    break;
            }
        }
        if (!fieldsPresent) Fail("Empty objects are not allowed");
    }

    /// <summary>Each object of the "$or" array continues every branch so far: n branches become n × objects.</summary>
    void ReadOr(List<Dictionary<string, PolicyField>> branches)
    {
        var before = branches.ToList();
        branches.Clear();
        if (reader.Next() != PolicyToken.StartArray) Fail($"It must be an Array followed with {Or}.");
        var alternatives = 0;
        PolicyToken token;
        while ((token = reader.Next()) != PolicyToken.EndArray)
        {
            alternatives++;
            if (token != PolicyToken.StartObject) Fail($"Only JSON object is allowed in array of {Or} relationship.");
            var alternative = before.Select(branch => new Dictionary<string, PolicyField>(branch, StringComparer.Ordinal)).ToList();
            if (alternative.Count == 0) alternative.Add(new Dictionary<string, PolicyField>(StringComparer.Ordinal));
            ReadObject(alternative, insideOr: true);
            branches.AddRange(alternative);
            if (branches.Count > BranchLimit)
            {
                tooManyBranches = true;
                branches.RemoveRange(BranchLimit, branches.Count - BranchLimit);
            }
        }
        if (alternatives < 2) Fail($"There must have at least 2 Objects in {Or} relationship.");
    }

    void ReadValues(List<Dictionary<string, PolicyField>> branches, string name)
    {
        var patterns = new List<FilterPattern>();
        PolicyToken token;
        while ((token = reader.Next()) != PolicyToken.EndArray)
        {
            switch (token)
            {
                case PolicyToken.StartObject:
                    patterns.Add(ReadMatchExpression());
                    break;
                case PolicyToken.String:
                    patterns.Add(new ExactString(reader.Text, IpAddresses.Bytes(reader.Text)));
                    break;
                case PolicyToken.Number:
                    patterns.Add(new ExactNumber(reader.Text, FilterNumbers.Key(reader.Number)));
                    break;
                case PolicyToken.True:
                    patterns.Add(new ExactKeyword(FilterValueKind.True));
                    break;
                case PolicyToken.False:
                    patterns.Add(new ExactKeyword(FilterValueKind.False));
                    break;
                case PolicyToken.Null:
                    patterns.Add(new ExactKeyword(FilterValueKind.Null));
                    break;
                default:
                    Fail("Match value must be String, number, true, false, or null");
                    break;
            }
        }
        if (patterns.Count == 0) Fail("Empty arrays are not allowed");

        var key = string.Join('.', path.Append(name));
        var field = new PolicyField(patterns, path.Count + 1);
        keys.Add(key);
        maxDepth = Math.Max(maxDepth, field.Depth);
        if (branches.Count == 0) branches.Add(new Dictionary<string, PolicyField>(StringComparer.Ordinal));
        foreach (var branch in branches) branch[key] = field;
    }

    /// <summary>One object in a key's array: an operator and its operand.</summary>
    FilterPattern ReadMatchExpression()
    {
        if (reader.Next() != PolicyToken.FieldName) Fail("Match expression name not found");
        var name = reader.Name;
        switch (name)
        {
            case "prefix":
                return new PrefixPattern(ReadStringOperand("prefix match pattern must be a string"));
            case "suffix":
                return new SuffixPattern(ReadStringOperand("suffix match pattern must be a string"));
            case "equals-ignore-case":
                return new EqualsIgnoreCasePattern(ReadStringOperand("equals-ignore-case match pattern must be a string"));
            case "numeric":
                if (reader.Next() != PolicyToken.StartArray) Fail("Value of numeric must be an array.");
                var range = FilterPolicyNumeric.Read(reader, Failure);
                if (reader.Next() != PolicyToken.EndObject) Fail(FilterPolicyNumeric.TooManyElements);
                return range;
            case "anything-but":
                return ReadAnythingBut();
            case "exists":
                var present = reader.Next() switch
                {
                    PolicyToken.True => true,
                    PolicyToken.False => false,
                    _ => throw Failure("exists match pattern must be either true or false."),
                };
                ExpectEndOfExpression();
                return new ExistsPattern(present);
            case "cidr":
                if (reader.Next() != PolicyToken.String) Fail("prefix match pattern must be a string");
                var cidr = FilterPolicyCidr.Parse(reader.Text);
                ExpectEndOfExpression();
                return cidr;
            default:
                throw Failure($"Unrecognized match type {name}");
        }
    }

    string ReadStringOperand(string notAString)
    {
        if (reader.Next() != PolicyToken.String) Fail(notAString);
        var operand = reader.Text;
        ExpectEndOfExpression();
        return operand;
    }

    void ExpectEndOfExpression()
    {
        if (reader.Next() != PolicyToken.EndObject) Fail("Only one key allowed in match expression");
    }

    /// <summary>anything-but: one string or number, a list of strings or of numbers, or {"prefix": "..."}.</summary>
    FilterPattern ReadAnythingBut()
    {
        var token = reader.Next();
        if (token == PolicyToken.StartObject)
        {
            if (reader.Next() != PolicyToken.FieldName) Fail("Anything-But expression name not found");
            if (reader.Name != "prefix") Fail($"Unsupported anything-but pattern: {reader.Name}");
            if (reader.Next() != PolicyToken.String) Fail("prefix match pattern must be a string");
            var prefix = reader.Text;
            if (prefix.Length == 0) Fail("Null prefix not allowed");
            ExpectEndOfExpression();
            ExpectEndOfExpression();
            return new AnythingButPrefix(prefix);
        }
        if (token is not (PolicyToken.StartArray or PolicyToken.String or PolicyToken.Number))
            Fail("Value of anything-but must be an array or single string/number value.");

        var excluded = new List<FilterPattern>();
        if (token == PolicyToken.StartArray)
        {
            while ((token = reader.Next()) != PolicyToken.EndArray)
            {
                // The compiler catches its own complaint here and complains again, so the location comes twice.
                if (token is not (PolicyToken.String or PolicyToken.Number))
                    Fail(Located("Inside anything but list, start|null|boolean is not supported."));
                excluded.Add(Excluded(token));
            }
            var hasNumber = excluded.Any(pattern => pattern is ExactNumber);
            var hasString = excluded.Any(pattern => pattern is ExactString);
            if (hasNumber == hasString)
                Fail("Inside anything but list, either all values are number or string, mixed type is not supported");
        }
        else
        {
            excluded.Add(Excluded(token));
        }
        if (reader.Next() != PolicyToken.EndObject) Fail(FilterPolicyNumeric.TooManyElements);
        return new AnythingBut(excluded);
    }

    FilterPattern Excluded(PolicyToken token) => token == PolicyToken.String
        ? new ExactString(reader.Text, null)
        : new ExactNumber(reader.Text, FilterNumbers.Key(reader.Number));

    string Located(string message) => $"{message}\n at {reader.Location()}";

    PolicySyntaxException Failure(string message) => new(Located(message));

    [DoesNotReturn]
    void Fail(string message) => throw Failure(message);
}
