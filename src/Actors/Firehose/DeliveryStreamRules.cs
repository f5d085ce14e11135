using System.Text.RegularExpressions;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;

namespace Shoal.Actors.Firehose;

/// <summary>Firehose's names, ARNs, limits and buffering, as the API reference and the service quotas give them.</summary>
public static partial class DeliveryStreamRules
{
    /// <summary>The largest record: 1,000 KiB before base64.</summary>
    public const int MaxRecordBytes = 1000 * 1024;
    public const int MaxBatchRecords = 500;
    /// <summary>PutRecordBatch: 4 MiB a call, whichever is reached first with the 500 records.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    /// <summary>A new delivery stream is CREATING for this long, then ACTIVE (AWS takes minutes; clients poll).</summary>
    public const long CreatingMs = 1000;
    /// <summary>Default BufferingHints: 5 MiB or 300 s, whichever comes first.</summary>
    public static readonly BufferingHints DefaultBuffering = new(5, 300);

    public static string Arn(string name) => $"arn:aws:firehose:{Account.Region}:{Account.Id}:deliverystream/{name}";

    public static Rejection? ValidateName(string? name)
    {
        if (name is null) return ValidationErrors.One(null, "deliveryStreamName", ValidationErrors.NotNull);
        var errors = new ValidationErrors();
        if (name.Length > 64) errors.Add(name, "deliveryStreamName", ValidationErrors.MaxLength(64));
        if (name.Length < 1) errors.Add(name, "deliveryStreamName", ValidationErrors.MinLength(1));
        if (!NamePattern().IsMatch(name)) errors.Add(name, "deliveryStreamName", ValidationErrors.Pattern("[a-zA-Z0-9_.-]+"));
        return errors.ToRejection();
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex NamePattern();

    public static Rejection NotFound(string name) =>
        new(ErrorCode.ResourceNotFound, $"Firehose stream {name} under account {Account.Id} not found.");

    public static Rejection InUse(string name) =>
        new(ErrorCode.ResourceInUse, $"Firehose stream {name} under account {Account.Id} already exists.");

    public static readonly Rejection NotDirectPut =
        new(ErrorCode.InvalidArgument, "This operation is not permitted on KinesisStreamAsSource delivery stream type.");

    /// <summary>
    /// PutRecordBatch's request: 1 to 500 records of at most 1,000 KiB each (ValidationException, as the model
    /// words it), at most 4 MiB in all (InvalidArgumentException).
    /// </summary>
    public static Rejection? ValidateBatch(IReadOnlyList<int> sizes, bool batch)
    {
        var errors = new ValidationErrors();
        if (batch && sizes.Count < 1) errors.Add("records", ValidationErrors.MinLength(1));
        if (batch && sizes.Count > MaxBatchRecords) errors.Add("records", ValidationErrors.MaxLength(MaxBatchRecords));
        for (var i = 0; i < sizes.Count; i++)
            if (sizes[i] > MaxRecordBytes)
                errors.Add(ValidationErrors.Blob(sizes[i]), batch ? $"records.{i + 1}.member.data" : "record.data", ValidationErrors.MaxLength(MaxRecordBytes));
        if (errors.ToRejection() is { } invalid) return invalid;
        if (sizes.Sum(s => (long)s) > MaxBatchBytes)
            return new Rejection(ErrorCode.InvalidArgument, $"Records size exceeds {MaxBatchBytes / 1024 / 1024} MB limit");
        return null;
    }

    /// <summary>An opaque, unique id: the stream's incarnation and the record's place in it, as 56 hex digits like AWS's long ids.</summary>
    public static string RecordId(long streamCreatedAt, long sequence) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"{streamCreatedAt}/{sequence}")))[..24]
        + streamCreatedAt.ToString("x12") + sequence.ToString("x20");

    public static string StatusAt(long createdAt, long now) => now < createdAt + CreatingMs ? "CREATING" : "ACTIVE";

    /// <summary>
    /// The next batch to deliver: the committed records from the buffer's start, up to the size hint, once the buffer
    /// holds the hint's size or its oldest record waited the hint's interval. Null while neither holds; DueAt then says
    /// when the interval will have passed (long.MaxValue with nothing buffered).
    /// </summary>
    public static (IReadOnlyList<BufferedRecord>? Batch, long DueAt) NextBatch(IReadOnlyList<BufferedRecord> buffer, long committedThrough, BufferingHints hints, long now)
    {
        var committed = buffer.TakeWhile(r => r.Sequence <= committedThrough).ToList();
        if (committed.Count == 0) return (null, long.MaxValue);
        var dueAt = committed[0].ArrivedAt + hints.IntervalInSeconds * 1000L;
        long bytes = 0;
        var batch = new List<BufferedRecord>();
        foreach (var record in committed)
        {
            if (batch.Count > 0 && bytes + record.Data.Length > hints.SizeBytes) break;
            batch.Add(record);
            bytes += record.Data.Length;
        }
        var full = bytes >= hints.SizeBytes || batch.Count < committed.Count;
        return full || now >= dueAt ? (batch, now) : (null, dueAt);
    }
}
