using System.Globalization;
using System.Text.Json;
using Shoal.Actors.Queues;

namespace Shoal.Api.Protocols;

/// <summary>Reads AWS JSON 1.0/1.1 request bodies.</summary>
public sealed class JsonRequestReader(JsonElement root) : IRequestReader
{
    public static JsonRequestReader Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return new JsonRequestReader(default);
        try
        {
            // ParseValue builds a standalone element: one parse, no pooled document to clone or dispose.
            var reader = new Utf8JsonReader(body.Span);
            var root = JsonElement.ParseValue(ref reader);
            if (root.ValueKind != JsonValueKind.Object || reader.Read())
                throw new ApiException(AwsErrors.MalformedRequest, "The request body must be a JSON object.");
            return new JsonRequestReader(root);
        }
        catch (JsonException e)
        {
            throw new ApiException(AwsErrors.MalformedRequest, $"The request body is not valid JSON: {e.Message}");
        }
    }

    JsonElement? Property(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public string? String(string name) => Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        { ValueKind: JsonValueKind.True or JsonValueKind.False } value => value.GetRawText(),
        _ => throw Invalid(name),
    };

    public int? Int(string name) => Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        { ValueKind: JsonValueKind.String } value when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw Invalid(name),
    };

    public bool? Bool(string name) => Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid(name),
    };

    public IReadOnlyList<string> StringList(string jsonName, string queryName) => Property(jsonName) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid(jsonName))
            .ToList(),
        _ => throw Invalid(jsonName),
    };

    public IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string queryKey, string queryValue) =>
        Property(jsonName) switch
        {
            null => new Dictionary<string, string>(),
            { ValueKind: JsonValueKind.Object } map => map.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Invalid(jsonName)),
            _ => throw Invalid(jsonName),
        };

    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes(string jsonName, string queryPrefix) =>
        Property(jsonName) switch
        {
            null => new Dictionary<string, MessageAttributeValue>(),
            { ValueKind: JsonValueKind.Object } map => map.EnumerateObject().ToDictionary(p => p.Name, p => AttributeValue(jsonName, p.Name, p.Value)),
            _ => throw Invalid(jsonName),
        };

    static MessageAttributeValue AttributeValue(string jsonName, string attribute, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Invalid(jsonName);
        var reader = new JsonRequestReader(value);
        return Codecs.AttributeValue(attribute, reader.String("DataType"), reader.String("StringValue"), reader.String("BinaryValue"));
    }

    public IReadOnlyList<IRequestReader> Entries(string jsonName, string queryPrefix) => Property(jsonName) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.Object ? (IRequestReader)new JsonRequestReader(item) : throw Invalid(jsonName))
            .ToList(),
        _ => throw Invalid(jsonName),
    };

    public IRequestReader? Object(string name) => Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => new JsonRequestReader(value),
        _ => throw Invalid(name),
    };

    public decimal? Decimal(string name) => Property(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
        { ValueKind: JsonValueKind.String } value when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw Invalid(name),
    };

    static ApiException Invalid(string name) =>
        new(AwsErrors.InvalidParameterValue, $"The value of parameter {name} has the wrong type.");
}
