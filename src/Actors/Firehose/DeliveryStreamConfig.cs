namespace Shoal.Actors.Firehose;

/// <summary>What CreateDeliveryStream configured: where records come from and where they go. Persisted; names frozen.</summary>
/// <param name="Type">DirectPut (PutRecord and PutRecordBatch) or KinesisStreamAsSource (read from a Shoal stream).</param>
/// <param name="Source">The stream read, for KinesisStreamAsSource.</param>
public sealed record DeliveryStreamConfig(
    string Name,
    string Type,
    KinesisSource? Source,
    DeliveryDestination Destination,
    IReadOnlyDictionary<string, string> Tags)
{
    public const string DirectPut = "DirectPut";
    public const string KinesisStreamAsSource = "KinesisStreamAsSource";
}

public sealed record KinesisSource(string KinesisStreamArn, string RoleArn);

/// <summary>
/// The one destination. An S3 destination writes objects under S3; an HTTP endpoint destination posts to Http and
/// keeps S3 as its backup bucket (failed records, or all of them with S3BackupMode AllData).
/// </summary>
/// <param name="Extended">Configured as ExtendedS3DestinationConfiguration (described as both forms) rather than S3DestinationConfiguration.</param>
public sealed record DeliveryDestination(
    S3Target S3,
    HttpEndpointTarget? Http,
    BufferingHints Buffering,
    TransformProcessor? Processor,
    bool Extended)
{
    public const string DestinationId = "destinationId-000000000001";
}

/// <summary>A bucket, as Shoal keeps it: a directory named like the bucket under the node's S3 root.</summary>
/// <param name="Compression">UNCOMPRESSED or GZIP (the object gets ".gz").</param>
public sealed record S3Target(string RoleArn, string BucketArn, string? Prefix, string? ErrorOutputPrefix, string Compression, BufferingHints Buffering)
{
    public string Bucket => BucketArn[(BucketArn.LastIndexOf(':') + 1)..];
}

/// <param name="ContentEncoding">NONE or GZIP (the request body is gzipped, with Content-Encoding: gzip).</param>
/// <param name="RetrySeconds">How long a failing batch is retried before it goes to the backup bucket (0 to 7,200; 300 by default).</param>
/// <param name="S3BackupMode">FailedDataOnly or AllData.</param>
public sealed record HttpEndpointTarget(
    string Url,
    string? Name,
    string? AccessKey,
    IReadOnlyDictionary<string, string> CommonAttributes,
    string ContentEncoding,
    int RetrySeconds,
    string S3BackupMode,
    string? RoleArn);

public sealed record BufferingHints(int SizeInMBs, int IntervalInSeconds)
{
    public long SizeBytes => SizeInMBs * 1024L * 1024L;
}

/// <summary>
/// ProcessingConfiguration's Lambda processor, its parameters as given (LambdaArn, NumberOfRetries, BufferSizeInMBs,
/// BufferIntervalInSeconds). Shoal calls the function over HTTP: LambdaArn is the http(s) URL of a service that takes
/// the Lambda transformation event and answers with the transformed records.
/// </summary>
public sealed record TransformProcessor(IReadOnlyDictionary<string, string> Parameters)
{
    public string LambdaArn => Parameters["LambdaArn"];

    /// <summary>NumberOfRetries (0 to 300; 3 by default): failed invocations tried again before the records count as failed.</summary>
    public int Retries => Parameters.TryGetValue("NumberOfRetries", out var retries) ? int.Parse(retries, System.Globalization.CultureInfo.InvariantCulture) : 3;
}
