using System.Globalization;
using Shoal.Actors.Queues;

namespace Shoal.Api.Protocols;

/// <summary>
/// Reads AWS Query (form) parameters. Lists and maps are flattened with 1-based indexes:
/// <c>AttributeName.1</c>, <c>Attribute.1.Name</c>/<c>Attribute.1.Value</c>, <c>Entry.1.Id</c>.
/// </summary>
public sealed class QueryRequestReader(IReadOnlyDictionary<string, string> parameters, string prefix = "") : IRequestReader
{
    public string? String(string name) => parameters.GetValueOrDefault(prefix + name);

    public int? Int(string name) => String(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw new ApiException(AwsErrors.InvalidParameterValue, $"Value {text} for parameter {name} is invalid. Reason: it must be an integer."),
    };

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new ApiException(AwsErrors.InvalidParameterValue, $"Value {text} for parameter {name} is invalid. Reason: it must be a boolean."),
    };

    public IReadOnlyList<string> StringList(string jsonName, string queryName) =>
        Indexed(queryName).Select(index => String($"{queryName}.{index}")!).ToList();

    public IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string queryKey, string queryValue)
    {
        var map = new Dictionary<string, string>();
        foreach (var index in Indexed(queryPrefix))
        {
            var key = String($"{queryPrefix}.{index}.{queryKey}");
            if (key is not null) map[key] = String($"{queryPrefix}.{index}.{queryValue}") ?? "";
        }
        return map;
    }

    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes(string jsonName, string queryPrefix)
    {
        var map = new Dictionary<string, MessageAttributeValue>();
        foreach (var index in Indexed(queryPrefix))
        {
            var entry = $"{queryPrefix}.{index}";
            var name = String($"{entry}.Name");
            if (name is null) continue;
            map[name] = Codecs.AttributeValue(name, String($"{entry}.Value.DataType"),
                String($"{entry}.Value.StringValue"), String($"{entry}.Value.BinaryValue"));
        }
        return map;
    }

    public IReadOnlyList<IRequestReader> Entries(string jsonName, string queryPrefix) =>
        Indexed(queryPrefix).Select(index => (IRequestReader)new QueryRequestReader(parameters, $"{prefix}{queryPrefix}.{index}.")).ToList();

    public IRequestReader? Object(string name) =>
        parameters.Keys.Any(key => key.StartsWith(prefix + name + ".", StringComparison.Ordinal))
            ? new QueryRequestReader(parameters, $"{prefix}{name}.")
            : null;

    public decimal? Decimal(string name) => String(name) switch
    {
        null => null,
        var text when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw new ApiException(AwsErrors.InvalidParameterValue, $"Value {text} for parameter {name} is invalid. Reason: it must be a number."),
    };

    /// <summary>The indexes present under a flattened name, in order.</summary>
    IEnumerable<int> Indexed(string name)
    {
        var start = prefix + name + ".";
        return parameters.Keys
            .Where(key => key.StartsWith(start, StringComparison.Ordinal))
            .Select(key =>
            {
                var rest = key.AsSpan(start.Length);
                var dot = rest.IndexOf('.');
                return int.TryParse(dot < 0 ? rest : rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
            })
            .Where(index => index > 0)
            .Distinct()
            .Order();
    }
}
