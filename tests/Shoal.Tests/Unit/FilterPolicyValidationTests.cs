using Shoal.Actors.Topics;
using static Shoal.Tests.Unit.FilterPolicyTests;

namespace Shoal.Tests.Unit;

/// <summary>
/// FilterPolicy validation with SNS's own messages. The cases marked "recorded" are responses Amazon SNS
/// gave to Subscribe and SetSubscriptionAttributes (LocalStack's snapshots of AWS, tests/aws/services/sns):
/// the policy is sent as Python's json.dumps writes it, and SNS quotes it compactly with the column where
/// its rule compiler stopped. The other cases follow the same compiler's checks.
/// </summary>
[Trait("Tier", "Unit")]
public class FilterPolicyValidationTests
{
    const string Subscribe = "Invalid parameter: Attributes Reason: FilterPolicy: ";
    const string SetAttributes = "Invalid parameter: FilterPolicy: ";

    /// <summary>(policy as sent, the reason, the column SNS reports) for Subscribe in MessageAttributes scope.</summary>
    public static TheoryData<string, string, int> RecordedSyntaxErrors() => new()
    {
        { """{"key": [["value"]]}""", "Match value must be String, number, true, false, or null", 10 },
        { """{"key": [{"wrong-operator": true}]}""", "Unrecognized match type wrong-operator", 31 },
        { """{"key": [{"suffix": "value", "prefix": "value2"}]}""", "Only one key allowed in match expression", 37 },
        { """{"key": [{"suffix": 100}]}""", "suffix match pattern must be a string", 22 },
        { """{"key": [{"suffix": null}]}""", "suffix match pattern must be a string", 23 },
        { """{"key": {"suffix": "value"}}""", "\"suffix\" must be an object or an array", 19 },
        { """{"key": [{"suffix": []}]}""", "suffix match pattern must be a string", 20 },
        { """{"key": [{"suffix": ["test", "test2"]}]}""", "suffix match pattern must be a string", 20 },
        { """{"key": {"suffix": "value", "prefix": "value"}}""", "\"suffix\" must be an object or an array", 19 },
        { """{"key": {"not-an-operator": "value"}}""", "\"not-an-operator\" must be an object or an array", 28 },
        { """{"key": [{"numeric": []}]}""", "Invalid member in numeric match: ]", 22 },
        { """{"key": [{"numeric": ["operator"]}]}""", "Unrecognized numeric range operator: operator", 32 },
        { """{"key": [{"numeric": [1, "<="]}]}""", "Invalid member in numeric match: 1", 22 },
        { """{"key": [{"numeric": ["=", "000"]}]}""", "Value of equals must be numeric", 26 },
        { """{"key": [{"numeric": [">="]}]}""", "Value of >= must be numeric", 26 },
        { """{"key": [{"numeric": ["<", 100, ">", 10]}]}""", "Too many elements in numeric expression", 30 },
        { """{"key": [{"numeric": [">=", 1, ">", 2]}]}""", "Bad numeric range operator: >", 31 },
        { """{"key": [{"numeric": [">", 3, "<", 1]}]}""", "Bottom must be less than top", 33 },
        { """{"key": [{"numeric": [">", 20, "<="]}]}""", "Value of <= must be numeric", 33 },
        { """{"key": [{"numeric": [">", 20, 30]}]}""", "Bad value in numeric range: 30", 30 },
        { """{"key": [{"numeric": [">", 20, "test"]}]}""", "Bad numeric range operator: test", 34 },
        { """{"key": [{"numeric": [">", "20", "<", "30"]}]}""", "Value of > must be numeric", 26 },
        { """{"key": [{"numeric": [">", 20, "<", "30"]}]}""", "Value of < must be numeric", 33 },
        { """{"key": [{"numeric": [">", 20, "<", 30, "<", 50]}]}""", "Too many terms in numeric range expression", 36 },
        { """{"key": [{"exists": null}]}""", "exists match pattern must be either true or false.", 23 },
        { """{"key": [{"exists": "no"}]}""", "exists match pattern must be either true or false.", 20 },
        { """{"key": [{"anything-but": {"wrong-operator": null}}]}""", "Unsupported anything-but pattern: wrong-operator", 47 },
        { """{"key": [{"anything-but": {"suffix": "test"}}]}""", "Unsupported anything-but pattern: suffix", 36 },
        { """{"key": [{"anything-but": {"exists": false}}]}""", "Unsupported anything-but pattern: exists", 40 },
        { """{"key": [{"anything-but": {"prefix": false}}]}""", "prefix match pattern must be a string", 40 },
    };

    [Theory]
    [MemberData(nameof(RecordedSyntaxErrors))]
    public void Recorded_syntax_error_names_the_compilers_reason_and_the_column_in_the_compact_policy(string policy, string reason, int column) =>
        Assert.Equal(Subscribe + reason + At(Compact(policy), column),
            Rejected(policy, FilterPolicyScope.MessageAttributes, FilterPolicySource.SubscribeAttributes).Message);

    /// <summary>(policy, scope, the whole message SNS gave) for SetSubscriptionAttributes.</summary>
    public static TheoryData<string, FilterPolicyScope, string> RecordedSetAttributesErrors() => new()
    {
        {
            """{"object": {"key": [{"prefix": "auto-"}]}}""", FilterPolicyScope.MessageAttributes,
            "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"
        },
        {
            """{"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}}, "key_d": {"key_e": ["value_one", "value_two", "value_three"]}, "key_f": ["value_one", "value_two", "value_three"]}""",
            FilterPolicyScope.MessageBody, SetAttributes + "Filter policy is too complex"
        },
        {
            """{"key_a": ["value_one"], "key_b": ["value_two"], "key_c": ["value_three"], "key_d": ["value_four"], "key_e": ["value_five"], "key_f": ["value_six"]}""",
            FilterPolicyScope.MessageBody, SetAttributes + "Filter policy can not have more than 5 keys"
        },
        {
            """{"key_a": "value_one"}""", FilterPolicyScope.MessageBody,
            SetAttributes + "\"key_a\" must be an object or an array" + At("""{"key_a":"value_one"}""", 11)
        },
    };

    [Theory]
    [MemberData(nameof(RecordedSetAttributesErrors))]
    public void Recorded_SetSubscriptionAttributes_rejection_has_no_Attributes_Reason(string policy, FilterPolicyScope scope, string message) =>
        Assert.Equal(message, Rejected(policy, scope, FilterPolicySource.SetSubscriptionAttributes).Message);

    /// <summary>(policy, scope) that Subscribe refused as too complex or with too many keys (recorded).</summary>
    public static TheoryData<string, FilterPolicyScope, string> RecordedLimits() => new()
    {
        { ValuesPolicy(("key", 151)), FilterPolicyScope.MessageAttributes, "Filter policy is too complex" },
        { ValuesPolicy(("key1", 100), ("key2", 51)), FilterPolicyScope.MessageAttributes, "Filter policy is too complex" },
        { ValuesPolicy(("key1", 1), ("key2", 1), ("key3", 1), ("key4", 1), ("key5", 1), ("key6", 1)), FilterPolicyScope.MessageAttributes, "Filter policy can not have more than 5 keys" },
        // (4 × 6) + (4 × 4 × 4) + (4 × 4 × 4) = 152
        {
            """{"source": ["aws.cloudwatch", "aws.events", "aws.test", "aws.test2"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency", "t1", "t2", "t3", "t4"]}, {"metricType": ["MetricType", "TestType", "TestType2", "TestType3"], "$or": [{"metricId": [1234, 4321, 5678, 9012]}, {"spaceId": [1, 2, 3, 4]}]}]}""",
            FilterPolicyScope.MessageAttributes, "Filter policy is too complex"
        },
        // Nested keys count their depth: (3 × 2·2 × 1·2) + (3 × 2·2 × 3·2) + (2 × 2·2 × 1·2) + (2 × 2·2 × 3·2) = 160
        {
            """{"$or": [{"metricName": ["CPUUtilization", "ReadLatency", "TestValue"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}], "detail": {"scope": ["Service", "Test"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change", "TestValue", "TestValue2"]}]}}""",
            FilterPolicyScope.MessageBody, "Filter policy is too complex"
        },
    };

    [Theory]
    [MemberData(nameof(RecordedLimits))]
    public void Recorded_limit_rejection_carries_no_location(string policy, FilterPolicyScope scope, string reason) =>
        Assert.Equal(Subscribe + reason, Rejected(policy, scope, FilterPolicySource.SubscribeAttributes).Message);

    /// <summary>(policy as sent, reason, column): the compiler's other checks, in its words.</summary>
    public static TheoryData<string, string, int> SyntaxErrors() => new()
    {
        { """["a"]""", "Filter is not an object", 2 },
        { "\"text\"", "Filter is not an object", 2 },
        { "{}", "Empty objects are not allowed", 3 },
        { """{"a": {}}""", "Empty objects are not allowed", 8 },
        { """{"a": []}""", "Empty arrays are not allowed", 8 },
        { """{"a": ["b", {}]}""", "Match expression name not found", 13 },
        { """{"a": [{"numeric": 5}]}""", "Value of numeric must be an array.", 19 },
        { """{"a": [{"numeric": ["=", -1000000001]}]}""", "Value must be between -1.0E9 and 1.0E9, inclusive", 35 },
        { """{"a": [{"numeric": [">=", 5, "<=", 5]}]}""", "Bottom must be less than top", 33 },
        { """{"a": [{"numeric": [1.5, "<"]}]}""", "Invalid member in numeric match: 1.5", 22 },
        { """{"a": [{"anything-but": true}]}""", "Value of anything-but must be an array or single string/number value.", 27 },
        { """{"a": [{"anything-but": ["x", 1]}]}""", "Inside anything but list, either all values are number or string, mixed type is not supported", 30 },
        { """{"a": [{"anything-but": []}]}""", "Inside anything but list, either all values are number or string, mixed type is not supported", 25 },
        { """{"a": [{"anything-but": {"prefix": ""}}]}""", "Null prefix not allowed", 35 },
        { """{"a": [{"anything-but": {"prefix": "a", "x": 1}}]}""", "Only one key allowed in match expression", 42 },
        { """{"a": [{"anything-but": {"equals-ignore-case": "x"}}]}""", "Unsupported anything-but pattern: equals-ignore-case", 46 },
        { """{"a": [{"equals-ignore-case": 5}]}""", "equals-ignore-case match pattern must be a string", 30 },
        { """{"a": [{"prefix": ["x"]}]}""", "prefix match pattern must be a string", 18 },
        { """{"a": [{"exists": true, "b": 1}]}""", "Only one key allowed in match expression", 27 },
        { """{"a": [{"wildcard": "x*"}]}""", "Unrecognized match type wildcard", 20 },
        { """{"ip": [{"cidr": 5}]}""", "prefix match pattern must be a string", 17 },
        // An "$or" that is not the operator is read as a key named "$or".
        { """{"$or": [{"a": ["x"]}]}""", "Unrecognized match type a", 15 },
        { """{"$or": [{"a": ["x"]}, "b"]}""", "Unrecognized match type a", 15 },
        { """{"$or": "x"}""", "\"$or\" must be an object or an array", 9 },
        { """{"$or": [{"numeric": 123}, {"prefix": "abc"}]}""", "Value of numeric must be an array.", 23 },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void Syntax_error_names_the_compilers_reason_and_the_column(string policy, string reason, int column) =>
        Assert.Equal(SetAttributes + reason + At(Compact(policy), column),
            Rejected(policy, FilterPolicyScope.MessageBody, FilterPolicySource.SetSubscriptionAttributes).Message);

    /// <summary>(policy as sent, as SNS quotes it, reason, column) where SNS's compact form differs from a mere trim.</summary>
    public static TheoryData<string, string, string, int> RewrittenPolicies() => new()
    {
        // Doubles are written as Java writes them.
        { """{"a": [{"numeric": [">", 1e10]}]}""", """{"a":[{"numeric":[">",1.0E10]}]}""", "Value must be between -1.0E9 and 1.0E9, inclusive", 30 },
        { """{"a": [{"numeric": [">", 3.0e1, 20]}]}""", """{"a":[{"numeric":[">",30.0,20]}]}""", "Bad value in numeric range: 20", 30 },
        { """{"a": [{"numeric": [">", 0, 5E-1]}]}""", """{"a":[{"numeric":[">",0,0.5]}]}""", "Bad value in numeric range: 0.5", 28 },
        // A repeated key keeps its first place and its last value.
        { """{"a": ["x"], "b": ["y"], "a": [[]]}""", """{"a":[[]],"b":["y"]}""", "Match value must be String, number, true, false, or null", 8 },
        // Escapes are rewritten: \u0041 is A, \u0009 is \t.
        { "{\"\\u0041\": [\"\\u0009\", []]}", "{\"A\":[\"\\t\",[]]}", "Match value must be String, number, true, false, or null", 13 },
    };

    [Theory]
    [MemberData(nameof(RewrittenPolicies))]
    public void Policy_is_quoted_as_SNS_writes_it_back(string policy, string compact, string reason, int column) =>
        Assert.Equal(SetAttributes + reason + At(compact, column),
            Rejected(policy, FilterPolicyScope.MessageBody, FilterPolicySource.SetSubscriptionAttributes).Message);

    [Theory]
    [InlineData("100", "100")]
    [InlineData("100.0", "100.0")]
    [InlineData("1e2", "100.0")]
    [InlineData("3.015e2", "301.5")]
    [InlineData("0.001", "0.001")]
    [InlineData("0.0001", "1.0E-4")]
    [InlineData("1234567.0", "1234567.0")]
    [InlineData("1e7", "1.0E7")]
    [InlineData("-1.5e-7", "-1.5E-7")]
    [InlineData("1e21", "1.0E21")]
    [InlineData("0.0", "0.0")]
    [InlineData("-0", "0")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    public void Numbers_in_a_rejection_are_written_as_Java_writes_them(string literal, string java) =>
        Assert.StartsWith($"{SetAttributes}Bad value in numeric range: {java}\n at [Source: (String)\"{{\"a\":[{{\"numeric\":[\">\",0,{java}]}}]}}\"",
            Rejected($$"""{"a": [{"numeric": [">", 0, {{literal}}]}]}""", FilterPolicyScope.MessageBody, FilterPolicySource.SetSubscriptionAttributes).Message);

    [Fact]
    public void A_null_inside_an_anything_but_list_is_reported_with_its_location_twice()
    {
        // The compiler catches its own complaint inside the list and raises it again.
        const string policy = """{"a":[{"anything-but":[null]}]}""";
        var at = At(policy, 28);
        Assert.Equal(SetAttributes + "Inside anything but list, start|null|boolean is not supported." + at + at,
            Rejected(policy, FilterPolicyScope.MessageBody, FilterPolicySource.SetSubscriptionAttributes).Message);
    }

    [Fact]
    public void Source_longer_than_500_characters_is_quoted_up_to_500_and_the_rest_counted()
    {
        var policy = $$"""{"a": ["{{new string('x', 600)}}", []]}""";
        var compact = Compact(policy);
        var message = Rejected(policy, FilterPolicyScope.MessageBody, FilterPolicySource.SetSubscriptionAttributes).Message;
        Assert.Equal(
            SetAttributes + "Match value must be String, number, true, false, or null"
            + $"\n at [Source: (String)\"{compact[..500]}\"[truncated {compact.Length - 500} chars]; line: 1, column: {compact.Length - 2}]",
            message);
    }

    [Theory]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0/"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0/8/8"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0/x"}]}""", "Malformed CIDR, mask bits must be an integer")]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0/-1"}]}""", "Malformed CIDR, mask bits must not be negative")]
    [InlineData("""{"ip": [{"cidr": "10.0.0.0/32"}]}""", "IPv4 mask bits must be < 32")]
    [InlineData("""{"ip": [{"cidr": "2001:db8::/128"}]}""", "IPv6 mask bits must be < 128")]
    [InlineData("""{"ip": [{"cidr": "host.example.com/24"}]}""", "Nonstandard IP address: host.example.com")]
    [InlineData("""{"ip": [{"cidr": "/24"}]}""", "Nonstandard IP address: ")]
    [InlineData("""{"ip": [{"cidr": "999.0.0.0/8"}]}""", "Invalid IP address: 999.0.0.0")]
    public void Malformed_CIDR_block_is_refused_without_a_location(string policy, string reason) =>
        Assert.Equal(SetAttributes + reason, Rejected(policy, FilterPolicyScope.MessageAttributes, FilterPolicySource.SetSubscriptionAttributes).Message);

    [Theory]
    [InlineData("{invalidjson}")]
    [InlineData("""{"a": [""")]
    [InlineData("""{"a": ["b"],}""")]
    [InlineData("""{'a': ['b']}""")]
    [InlineData("{\"a\": [\"\t\"]}")]
    [InlineData("")]
    public void Text_that_is_not_JSON_fails_to_parse(string policy)
    {
        Assert.Equal(SetAttributes + "failed to parse JSON.",
            Rejected(policy, FilterPolicyScope.MessageAttributes, FilterPolicySource.SetSubscriptionAttributes).Message);
        Assert.Equal(Subscribe + "failed to parse JSON.",
            Rejected(policy, FilterPolicyScope.MessageAttributes, FilterPolicySource.SubscribeAttributes).Message);
    }

    /// <summary>(policy, scope, reason) for the limits SNS adds to the compiler's checks.</summary>
    public static TheoryData<string, FilterPolicyScope, string> Limits() => new()
    {
        { """{"a": {"b": ["x"]}}""", FilterPolicyScope.MessageAttributes, "Filter policy scope MessageAttributes does not support nested filter policy" },
        // An "$or" that is not the operator but an object is a nested key.
        { """{"$or": {"a": ["x"]}}""", FilterPolicyScope.MessageAttributes, "Filter policy scope MessageAttributes does not support nested filter policy" },
        // Every key path counts, not only the top-level keys.
        {
            """{"a": {"b": ["1"], "c": ["2"]}, "d": ["3"], "e": ["4"], "f": {"g": ["5"], "h": ["6"]}}""", FilterPolicyScope.MessageBody,
            "FilterPolicy: Filter policy can not have more than 5 keys"
        },
        // Keys count across "$or" alternatives, not per alternative.
        {
            """{"a": ["1"], "$or": [{"b": ["2"]}, {"c": ["3"]}, {"d": ["4"]}, {"e": ["5"]}, {"f": ["6"]}]}""", FilterPolicyScope.MessageAttributes,
            "FilterPolicy: Filter policy can not have more than 5 keys"
        },
        // Alternatives add up: 151 of one value each.
        { OrPolicy(151), FilterPolicyScope.MessageAttributes, "FilterPolicy: Filter policy is too complex" },
        // 4 × 2 (depth) × 19 × 1 = 152
        { """{"a": {"b": ["1", "2", "3", "4"]}, "c": [""" + Values(19) + "]}", FilterPolicyScope.MessageBody, "FilterPolicy: Filter policy is too complex" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Policy_over_an_SNS_limit_is_refused(string policy, FilterPolicyScope scope, string reason) =>
        Assert.Equal("Invalid parameter: " + reason, Rejected(policy, scope, FilterPolicySource.SetSubscriptionAttributes).Message);

    [Fact]
    public void Policy_over_256_KB_is_refused()
    {
        var policy = $$"""{"a": ["{{new string('x', FilterPolicyRules.MaxBytes)}}"]}""";
        Assert.Equal(SetAttributes + "Filter policy is too large",
            Rejected(policy, FilterPolicyScope.MessageAttributes, FilterPolicySource.SetSubscriptionAttributes).Message);
    }

    /// <summary>(policy, scope) that SNS accepts.</summary>
    public static TheoryData<string, FilterPolicyScope> Accepted() => new()
    {
        // Recorded: 18 + 48 + 84 = 150 combinations is allowed.
        {
            """{"source": ["aws.cloudwatch", "aws.events", "aws.test"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency", "TestVal", "TestVal2", "TestVal3", "TestVal4"]}, {"metricType": ["MetricType", "TestType", "TestType2", "TestType3"], "$or": [{"metricId": [1234, 4321, 5678, 9012]}, {"spaceId": [1, 2, 3, 4, 5, 6, 7]}]}]}""",
            FilterPolicyScope.MessageAttributes
        },
        // Recorded: accepted in body scope.
        { """{"object": {"key": [{"prefix": "auto-"}]}}""", FilterPolicyScope.MessageBody },
        { """{"key": [{"anything-but": {"prefix": "test-"}}]}""", FilterPolicyScope.MessageAttributes },
        { """{"key": [{"anything-but": ["test", "test2"]}]}""", FilterPolicyScope.MessageAttributes },
        { """{"key": [{"anything-but": "test"}]}""", FilterPolicyScope.MessageAttributes },
        { """{"attr1": [null, {"anything-but": "whatever"}]}""", FilterPolicyScope.MessageAttributes },
        // The constraints page: 3 × 1 × 2 = 6, and nested 3·4 × 2·3 = 72.
        { """{"key_a": ["value_one", "value_two", "value_three"], "key_b": ["value_one"], "key_c": ["value_one", "value_two"]}""", FilterPolicyScope.MessageAttributes },
        { """{"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}}, "key_d": {"key_e": ["value_one", "value_two", "value_three"]}}""", FilterPolicyScope.MessageBody },
        { ValuesPolicy(("key", 150)), FilterPolicyScope.MessageAttributes },
        { OrPolicy(150), FilterPolicyScope.MessageAttributes },
        { ValuesPolicy(("k1", 1), ("k2", 1), ("k3", 1), ("k4", 1), ("k5", 1)), FilterPolicyScope.MessageAttributes },
        // Every kind of value and every operator.
        { """{"a": ["s", 1, 1.5, true, false, null]}""", FilterPolicyScope.MessageAttributes },
        {
            """{"b": [{"prefix": "p"}, {"suffix": "s"}, {"equals-ignore-case": "E"}], "c": [{"anything-but": [1, 2]}, {"anything-but": 3}, {"exists": false}]}""",
            FilterPolicyScope.MessageAttributes
        },
        {
            """{"d": [{"numeric": ["=", 1]}, {"numeric": [">=", -1e9, "<", 1e9]}, {"numeric": ["<=", 0]}], "e": [{"cidr": "10.0.0.0/8"}, {"cidr": "2001:db8::/32"}, {"exists": true}, "10.1.1.1"]}""",
            FilterPolicyScope.MessageAttributes
        },
        // An "$or" that is not the operator is a key, here one with two match expressions.
        { """{"$or": [{"prefix": "abc"}, {"exists": true}]}""", FilterPolicyScope.MessageAttributes },
        // Exact numbers out of the numeric range are allowed: they only match the same literal.
        { """{"account": [123456789012]}""", FilterPolicyScope.MessageAttributes },
        // Several lines and spaces are fine; so is a 256 KB policy.
        { "{\n  \"a\": [\n    \"b\"\n  ]\n}", FilterPolicyScope.MessageAttributes },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Valid_policy_is_accepted(string policy, FilterPolicyScope scope) => Policy(policy, scope);

    [Fact]
    public void Policy_of_exactly_256_KB_is_accepted()
    {
        var filler = FilterPolicyRules.MaxBytes - """{"a": [""]}""".Length;
        Policy($$"""{"a": ["{{new string('x', filler)}}"]}""", FilterPolicyScope.MessageAttributes);
    }

    static string At(string compact, int column) => $"\n at [Source: (String)\"{compact}\"; line: 1, column: {column}]";

    /// <summary>The policy without whitespace outside strings, as SNS quotes it (when it has no doubles or repeated keys).</summary>
    static string Compact(string policy)
    {
        var compact = new System.Text.StringBuilder();
        var inString = false;
        for (var i = 0; i < policy.Length; i++)
        {
            var c = policy[i];
            if (inString && c == '\\') compact.Append(c).Append(policy[++i]);
            else if (c == '"') { inString = !inString; compact.Append(c); }
            else if (inString || !char.IsWhiteSpace(c)) compact.Append(c);
        }
        return compact.ToString();
    }

    static string ValuesPolicy(params (string Key, int Count)[] keys) =>
        "{" + string.Join(", ", keys.Select(k => $"\"{k.Key}\": [{Values(k.Count)}]")) + "}";

    static string Values(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"value{i}\""));

    /// <summary>One "$or" with as many alternatives, each one value of one key: as many combinations as alternatives.</summary>
    static string OrPolicy(int alternatives) =>
        "{\"$or\": [" + string.Join(", ", Enumerable.Range(0, alternatives).Select(i => $"{{\"a\": [\"v{i}\"]}}")) + "]}";
}
