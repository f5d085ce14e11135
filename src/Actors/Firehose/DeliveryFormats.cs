using System.Text;
using System.Text.Json;

namespace Shoal.Actors.Firehose;

/// <summary>
/// The bodies Firehose exchanges with the outside, as its developer guide specifies them: the HTTP endpoint delivery
/// request and the response it must get, the Lambda transformation event and result, and the JSON lines of error output.
/// </summary>
public static class DeliveryFormats
{
    /// <summary>A record after the transform (or untransformed): what goes to the destination.</summary>
    public sealed record OutgoingRecord(long Sequence, long ArrivedAt, byte[] Data);

    /// <summary>A record that could not go where it was meant to, with why.</summary>
    public sealed record FailedRecord(long ArrivedAt, byte[] RawData, string ErrorCode, string ErrorMessage);

    /// <summary>{"requestId": ..., "timestamp": ms, "records": [{"data": base64}]}</summary>
    public static byte[] HttpEndpointRequest(string requestId, long timestamp, IEnumerable<byte[]> records) => Json(w =>
    {
        w.WriteString("requestId", requestId);
        w.WriteNumber("timestamp", timestamp);
        w.WriteStartArray("records");
        foreach (var data in records)
        {
            w.WriteStartObject();
            w.WriteBase64String("data", data);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>
    /// A delivery counts only with a 200 whose JSON body names the request's requestId; anything else is a failure,
    /// with the errorMessage the endpoint gave when it gave one.
    /// </summary>
    public static string? HttpEndpointFailure(int status, string body, string requestId)
    {
        string? answeredId = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String) answeredId = id.GetString();
                if (document.RootElement.TryGetProperty("errorMessage", out var error) && error.ValueKind == JsonValueKind.String) message = error.GetString();
            }
        }
        catch (JsonException)
        {
        }
        if (status != 200) return $"The endpoint answered HTTP {status}{(message is null ? "" : $": {message}")}.";
        if (answeredId != requestId) return "The response did not carry the request's requestId.";
        return null;
    }

    /// <summary>The Lambda transformation event: {"invocationId", "deliveryStreamArn", "region", "records": [{"recordId", "approximateArrivalTimestamp", "data"}]}.</summary>
    public static byte[] TransformEvent(string invocationId, string deliveryStreamArn, string region, IEnumerable<(string RecordId, long ArrivedAt, byte[] Data)> records) => Json(w =>
    {
        w.WriteString("invocationId", invocationId);
        w.WriteString("deliveryStreamArn", deliveryStreamArn);
        w.WriteString("region", region);
        w.WriteStartArray("records");
        foreach (var (recordId, arrivedAt, data) in records)
        {
            w.WriteStartObject();
            w.WriteString("recordId", recordId);
            w.WriteNumber("approximateArrivalTimestamp", arrivedAt);
            w.WriteBase64String("data", data);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public const string Ok = "Ok";
    public const string Dropped = "Dropped";
    public const string ProcessingFailed = "ProcessingFailed";

    /// <summary>One record as the transform returned it: Data for Ok, none for Dropped or ProcessingFailed.</summary>
    public sealed record TransformedRecord(string Result, byte[]? Data);

    /// <summary>
    /// The transform's answer, by recordId: every record sent must come back exactly once with a result of Ok (with
    /// base64 data), Dropped or ProcessingFailed. An answer that breaks that fails as a whole, with the error code
    /// Firehose reports for it.
    /// </summary>
    public static (IReadOnlyDictionary<string, TransformedRecord>? Records, string? ErrorCode, string? ErrorMessage) TransformResult(string body, IReadOnlyCollection<string> recordIds)
    {
        var records = new Dictionary<string, TransformedRecord>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("records", out var list) || list.ValueKind != JsonValueKind.Array)
                return (null, "Lambda.JsonProcessingException", "The response has no records array.");
            foreach (var item in list.EnumerateArray())
            {
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("recordId", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : null;
                if (id is null || !recordIds.Contains(id)) return (null, "Lambda.MissingRecordId", "A returned record has a recordId that was not sent.");
                if (records.ContainsKey(id)) return (null, "Lambda.DuplicatedRecordId", $"The record {id} was returned more than once.");
                var result = item.TryGetProperty("result", out var resultValue) && resultValue.ValueKind == JsonValueKind.String ? resultValue.GetString() : null;
                if (result is not (Ok or Dropped or ProcessingFailed)) return (null, "Lambda.InvalidReturnedResult", $"The record {id} has the result '{result}'; Ok, Dropped or ProcessingFailed expected.");
                byte[]? data = null;
                if (result == Ok)
                {
                    if (!item.TryGetProperty("data", out var dataValue) || dataValue.ValueKind != JsonValueKind.String || !dataValue.TryGetBytesFromBase64(out data))
                        return (null, "Lambda.InvalidReturnedData", $"The record {id} has no base64 data.");
                }
                records[id] = new TransformedRecord(result, data);
            }
        }
        catch (JsonException e)
        {
            return (null, "Lambda.JsonProcessingException", e.Message);
        }
        if (records.Count != recordIds.Count) return (null, "Lambda.MissingRecordId", "Not every record sent was returned.");
        return (records, null, null);
    }

    /// <summary>
    /// Error output: one JSON object a line per failed record, as Firehose writes under processing-failed/ and
    /// http-endpoint-failed/ ({"attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage", "attemptEndingTimestamp", "rawData", ...}).
    /// </summary>
    public static byte[] ErrorLines(IEnumerable<FailedRecord> records, int attemptsMade, long endedAt, string sourceKey, string source)
    {
        var output = new MemoryStream();
        foreach (var record in records)
        {
            output.Write(Json(w =>
            {
                w.WriteNumber("attemptsMade", attemptsMade);
                w.WriteNumber("arrivalTimestamp", record.ArrivedAt);
                w.WriteString("errorCode", record.ErrorCode);
                w.WriteString("errorMessage", record.ErrorMessage);
                w.WriteNumber("attemptEndingTimestamp", endedAt);
                w.WriteBase64String("rawData", record.RawData);
                w.WriteString(sourceKey, source);
            }));
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The common attributes header: {"commonAttributes": {...}}.</summary>
    public static string CommonAttributesHeader(IReadOnlyDictionary<string, string> attributes) =>
        Encoding.UTF8.GetString(Json(w =>
        {
            w.WriteStartObject("commonAttributes");
            foreach (var (key, value) in attributes) w.WriteString(key, value);
            w.WriteEndObject();
        }));
}
