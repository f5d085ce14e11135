using System.Globalization;
using System.Text.RegularExpressions;

namespace Shoal.Actors.Firehose;

/// <summary>
/// The S3 object keys Firehose writes: "{prefix}YYYY/MM/DD/HH/{stream}-{version}-YYYY-MM-DD-HH-MM-SS-{random}", times
/// in UTC. A prefix with !{timestamp:...} or !{firehose:random-string} expressions replaces the default time part;
/// error output (failed transforms, failed HTTP deliveries) goes under "{error prefix}{error type}/" the same way.
/// </summary>
public static partial class ObjectKeys
{
    public const string ProcessingFailed = "processing-failed";
    public const string HttpEndpointFailed = "http-endpoint-failed";

    /// <param name="at">When the batch was written (epoch ms): it names the time part.</param>
    /// <param name="random">A fresh random string, so two batches never share a key.</param>
    public static string For(string? prefix, string streamName, int version, long at, string random, bool gzip) =>
        Expand(prefix ?? "", at, random, null) + Name(streamName, version, at, random, gzip);

    public static string ForError(string? errorOutputPrefix, string errorType, string streamName, int version, long at, string random) =>
        (errorOutputPrefix is { } prefix && prefix.Contains("!{firehose:error-output-type}", StringComparison.Ordinal)
            ? Expand(prefix, at, random, errorType)
            : (errorOutputPrefix ?? "") + errorType + "/" + TimePart(at))
        + Name(streamName, version, at, random, gzip: false);

    static string Name(string streamName, int version, long at, string random, bool gzip) =>
        $"{streamName}-{version}-{Time(at):yyyy-MM-dd-HH-mm-ss}-{random}{(gzip ? ".gz" : "")}";

    static string Expand(string prefix, long at, string random, string? errorType)
    {
        if (!prefix.Contains("!{", StringComparison.Ordinal)) return prefix + TimePart(at);
        var expanded = Expression().Replace(prefix, match => match.Groups["namespace"].Value switch
        {
            "timestamp" => Time(at).ToString(match.Groups["value"].Value, CultureInfo.InvariantCulture),
            "firehose" when match.Groups["value"].Value == "random-string" => random,
            "firehose" when match.Groups["value"].Value == "error-output-type" => errorType ?? "",
            _ => match.Value,
        });
        // Without a timestamp expression Firehose still adds the time part after the prefix.
        return prefix.Contains("!{timestamp:", StringComparison.Ordinal) ? expanded : expanded + TimePart(at);
    }

    /// <summary>Whether a prefix's expressions are ones Firehose knows (it refuses others at creation).</summary>
    public static bool ValidExpressions(string? prefix) =>
        prefix is null || Expression().Matches(prefix).All(m => m.Groups["namespace"].Value switch
        {
            "timestamp" => m.Groups["value"].Value.Length > 0,
            "firehose" => m.Groups["value"].Value is "random-string" or "error-output-type",
            _ => false,
        });

    static string TimePart(long at) => Time(at).ToString("yyyy'/'MM'/'dd'/'HH'/'", CultureInfo.InvariantCulture);

    static DateTime Time(long at) => DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime;

    [GeneratedRegex(@"!\{(?<namespace>[a-zA-Z]+):(?<value>[^}]*)\}")]
    private static partial Regex Expression();
}
