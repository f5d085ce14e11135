using Shoal.Actors.Queues;

namespace Shoal.Api.Protocols;

/// <summary>
/// A request's parameters, whatever the protocol. Each member takes the JSON name and,
/// where the Query protocol flattens differently, the Query prefix.
/// </summary>
public interface IRequestReader
{
    string? String(string name);
    int? Int(string name);
    bool? Bool(string name);
    IReadOnlyList<string> StringList(string jsonName, string queryName);
    IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string queryKey = "Name", string queryValue = "Value");
    IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes(string jsonName, string queryPrefix);
    IReadOnlyList<IRequestReader> Entries(string jsonName, string queryPrefix);
    /// <summary>A nested structure (Kinesis's StreamModeDetails, ShardFilter), or null when absent.</summary>
    IRequestReader? Object(string name);
    /// <summary>A number that may have a fraction (Kinesis timestamps in epoch seconds: botocore sends integers, JS floats).</summary>
    decimal? Decimal(string name);
}

public static class RequestReaderExtensions
{
    public static string Required(this IRequestReader reader, string name) =>
        reader.String(name) ?? throw Missing(name);

    public static int RequiredInt(this IRequestReader reader, string name) =>
        reader.Int(name) ?? throw Missing(name);

    static ApiException Missing(string name) =>
        new(AwsErrors.MissingParameter, $"The request must contain the parameter {name}.");
}
