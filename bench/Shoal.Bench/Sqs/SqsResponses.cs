using System.Buffers;
using System.Text;
using System.Text.Json;
using Shoal.Bench.Load;

namespace Shoal.Bench.Sqs;

/// <summary>
/// Reads the few fields the benchmark checks from SQS JSON 1.0 responses with a forward-only
/// Utf8JsonReader: no DOM and no allocation on the hot path.
/// </summary>
public static class SqsResponses
{
    /// <summary>CreateQueue: the QueueUrl, still JSON-escaped.</summary>
    public static byte[]? QueueUrl(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (IsTopLevelProperty(ref reader, "QueueUrl"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                return reader.ValueSpan.ToArray();
        return null;
    }

    /// <summary>GetQueueAttributes: Attributes.QueueArn.</summary>
    public static string? QueueArn(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("QueueArn"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String)
                return reader.GetString();
        return null;
    }

    /// <summary>SendMessage: true when the reply carries a non-empty MessageId.</summary>
    public static bool HasMessageId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (IsTopLevelProperty(ref reader, "MessageId"u8) && reader.Read())
                return reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
        return false;
    }

    /// <summary>
    /// SendMessageBatch and DeleteMessageBatch: a bit mask of the entry Ids ("0".."9") listed as Successful,
    /// and the number of Failed entries with the code of the first one.
    /// </summary>
    public static (int SuccessMask, int Failed, string? FirstFailure) BatchResult(ReadOnlySpan<byte> json)
    {
        int mask = 0, failed = 0;
        string? firstFailure = null;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            var successful = IsTopLevelProperty(ref reader, "Successful"u8);
            if (!successful && !IsTopLevelProperty(ref reader, "Failed"u8))
                continue;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                continue;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                int? id = null;
                string? code = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("Id"u8) && reader.Read())
                        id = reader.ValueSpan is [var digit] && digit is >= (byte)'0' and <= (byte)'9' ? digit - '0' : null;
                    else if (reader.ValueTextEquals("Code"u8) && reader.Read())
                        code = reader.GetString();
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                if (successful && id is { } index)
                    mask |= 1 << index;
                else if (!successful)
                {
                    failed++;
                    firstFailure ??= code ?? "?";
                }
            }
        }
        return (mask, failed, firstFailure);
    }

    /// <summary>
    /// ReceiveMessage: fills <paramref name="batch"/> with each message's receipt handle and decoded body.
    /// An empty body means no messages (local-aws-sqs answers an empty receive that way).
    /// </summary>
    public static void ReceivedMessages(ReadOnlySpan<byte> json, MessageCodec codec, ReceivedBatch batch)
    {
        batch.Clear();
        if (json.IsEmpty) return;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (!IsTopLevelProperty(ref reader, "Messages"u8))
                continue;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                return;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadOnlySpan<byte> handle = default;
                var result = DecodeResult.Malformed;
                long id = 0, sentAt = 0;
                var stream = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("ReceiptHandle"u8) && reader.Read())
                        handle = reader.ValueSpan;
                    else if (reader.ValueTextEquals("Body"u8) && reader.Read())
                        result = DecodeBody(ref reader, codec, out id, out sentAt, out stream);
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                batch.Add(handle, result, id, sentAt, stream);
            }
            return;
        }
    }

    /// <summary>A short description of an error reply: the shape after '#' in __type, else the status.</summary>
    public static string ErrorKind(int status, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
                if (IsTopLevelProperty(ref reader, "__type"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    var type = reader.GetString() ?? "";
                    return $"HTTP {status} {type[(type.LastIndexOf('#') + 1)..]}";
                }
        }
        catch (JsonException)
        {
            // not JSON: an HTML error page, say
        }
        var preview = Encoding.UTF8.GetString(json[..Math.Min(json.Length, 60)]).ReplaceLineEndings(" ");
        return $"HTTP {status} {preview}".TrimEnd();
    }

    private static DecodeResult DecodeBody(ref Utf8JsonReader reader, MessageCodec codec, out long id, out long sentAt, out int stream)
    {
        if (!reader.ValueIsEscaped)
            return codec.Decode(reader.ValueSpan, out id, out sentAt, out stream);
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            return codec.Decode(rented.AsSpan(0, length), out id, out sentAt, out stream);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsTopLevelProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name);
}
