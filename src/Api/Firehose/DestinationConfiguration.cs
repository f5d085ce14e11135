using System.Globalization;
using System.Text.RegularExpressions;
using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose;

/// <summary>
/// CreateDeliveryStream's destination, read from its S3DestinationConfiguration, ExtendedS3DestinationConfiguration or
/// HttpEndpointDestinationConfiguration: the model's constraints as ValidationException, what Shoal does not deliver to
/// as InvalidArgumentException.
/// </summary>
public static partial class DestinationConfiguration
{
    static readonly string[] Unsupported =
    [
        "RedshiftDestinationConfiguration", "ElasticsearchDestinationConfiguration", "AmazonopensearchserviceDestinationConfiguration",
        "SplunkDestinationConfiguration", "AmazonOpenSearchServerlessDestinationConfiguration", "SnowflakeDestinationConfiguration",
        "IcebergDestinationConfiguration",
    ];

    public static DeliveryDestination Read(IRequestReader r)
    {
        foreach (var name in Unsupported)
            if (r.Object(name) is not null)
                throw FirehoseRequest.InvalidArgument($"Shoal delivers to S3 (a local directory) and to HTTP endpoints; {name} is not supported.");
        var given = new[] { "S3DestinationConfiguration", "ExtendedS3DestinationConfiguration", "HttpEndpointDestinationConfiguration" }
            .Where(name => r.Object(name) is not null).ToList();
        if (given.Count != 1)
            throw FirehoseRequest.InvalidArgument(given.Count == 0
                ? "A destination configuration is required: ExtendedS3DestinationConfiguration, S3DestinationConfiguration or HttpEndpointDestinationConfiguration."
                : $"Only one destination configuration may be given, not {string.Join(" and ", given)}.");
        var path = char.ToLowerInvariant(given[0][0]) + given[0][1..];
        var config = r.Object(given[0])!;
        if (given[0] == "HttpEndpointDestinationConfiguration") return Http(config, path);
        var s3 = S3(config, path, maxSizeMiB: 128);
        var processor = given[0] == "ExtendedS3DestinationConfiguration" ? Processor(config.Object("ProcessingConfiguration"), path) : null;
        return new DeliveryDestination(s3, null, s3.Buffering, processor, Extended: given[0] == "ExtendedS3DestinationConfiguration");
    }

    static DeliveryDestination Http(IRequestReader config, string path)
    {
        var endpoint = config.Object("EndpointConfiguration") ?? throw Missing(path + ".endpointConfiguration");
        var url = endpoint.String("Url") ?? throw Missing(path + ".endpointConfiguration.url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw FirehoseRequest.InvalidArgument($"The endpoint URL {url} is not an http(s) URL.");
        var request = config.Object("RequestConfiguration");
        var encoding = request?.String("ContentEncoding") ?? "NONE";
        Check(encoding is "NONE" or "GZIP", encoding, path + ".requestConfiguration.contentEncoding", ValidationErrors.OneOf(["NONE", "GZIP"]));
        var attributes = new Dictionary<string, string>();
        foreach (var attribute in request?.Entries("CommonAttributes", "CommonAttributes") ?? [])
            attributes[attribute.String("AttributeName") ?? throw Missing(path + ".requestConfiguration.commonAttributes.member.attributeName")] =
                attribute.String("AttributeValue") ?? "";
        var retrySeconds = config.Object("RetryOptions")?.Int("DurationInSeconds") ?? 300;
        Range(retrySeconds, path + ".retryOptions.durationInSeconds", 0, 7200);
        var backup = config.String("S3BackupMode") ?? "FailedDataOnly";
        Check(backup is "FailedDataOnly" or "AllData", backup, path + ".s3BackupMode", ValidationErrors.OneOf(["FailedDataOnly", "AllData"]));
        var s3 = S3(config.Object("S3Configuration") ?? throw Missing(path + ".s3Configuration"), path + ".s3Configuration", maxSizeMiB: 128);
        var http = new HttpEndpointTarget(url, endpoint.String("Name"), endpoint.String("AccessKey"), attributes, encoding, retrySeconds, backup, config.String("RoleARN"));
        return new DeliveryDestination(s3, http, Buffering(config.Object("BufferingHints"), path, maxSizeMiB: 64), Processor(config.Object("ProcessingConfiguration"), path), Extended: false);
    }

    static S3Target S3(IRequestReader config, string path, int maxSizeMiB)
    {
        var role = config.String("RoleARN") ?? throw Missing(path + ".roleARN");
        var bucket = config.String("BucketARN") ?? throw Missing(path + ".bucketARN");
        if (!BucketArn().IsMatch(bucket))
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(bucket, path + ".bucketARN", ValidationErrors.Pattern("arn:.*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")).Message);
        var compression = config.String("CompressionFormat") ?? "UNCOMPRESSED";
        Check(compression is "UNCOMPRESSED" or "GZIP" or "ZIP" or "Snappy" or "HADOOP_SNAPPY", compression, path + ".compressionFormat",
            ValidationErrors.OneOf(["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"]));
        if (compression is not ("UNCOMPRESSED" or "GZIP")) throw FirehoseRequest.InvalidArgument($"Shoal writes UNCOMPRESSED or GZIP objects; {compression} is not supported.");
        var prefix = config.String("Prefix");
        var errorPrefix = config.String("ErrorOutputPrefix");
        foreach (var (value, name) in new[] { (prefix, "Prefix"), (errorPrefix, "ErrorOutputPrefix") })
            if (!ObjectKeys.ValidExpressions(value)) throw FirehoseRequest.InvalidArgument($"The {name} {value} has an expression Firehose does not know.");
        if (prefix?.Contains("!{", StringComparison.Ordinal) == true && errorPrefix is null)
            throw FirehoseRequest.InvalidArgument("ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.");
        return new S3Target(role, bucket, prefix, errorPrefix, compression, Buffering(config.Object("BufferingHints"), path, maxSizeMiB));
    }

    static BufferingHints Buffering(IRequestReader? hints, string path, int maxSizeMiB)
    {
        var size = hints?.Int("SizeInMBs") ?? DeliveryStreamRules.DefaultBuffering.SizeInMBs;
        var interval = hints?.Int("IntervalInSeconds") ?? DeliveryStreamRules.DefaultBuffering.IntervalInSeconds;
        Range(size, path + ".bufferingHints.sizeInMBs", 1, maxSizeMiB);
        Range(interval, path + ".bufferingHints.intervalInSeconds", 0, 900);
        return new BufferingHints(size, interval);
    }

    /// <summary>ProcessingConfiguration: Shoal runs the Lambda processor, calling it over HTTP; Enabled false means none.</summary>
    static TransformProcessor? Processor(IRequestReader? processing, string path)
    {
        if (processing is null || processing.Bool("Enabled") == false) return null;
        var processors = processing.Entries("Processors", "Processors");
        if (processors.Count == 0) return null;
        if (processors.Count > 1 || processors[0].String("Type") != "Lambda")
            throw FirehoseRequest.InvalidArgument("Shoal runs one processor of Type Lambda (called over HTTP at its LambdaArn URL).");
        var parameters = new Dictionary<string, string>();
        foreach (var parameter in processors[0].Entries("Parameters", "Parameters"))
            parameters[parameter.String("ParameterName") ?? throw Missing(path + ".processingConfiguration.processors.member.parameters.member.parameterName")] =
                parameter.String("ParameterValue") ?? throw Missing(path + ".processingConfiguration.processors.member.parameters.member.parameterValue");
        if (!parameters.ContainsKey("LambdaArn")) throw FirehoseRequest.InvalidArgument("The Lambda processor needs its LambdaArn parameter.");
        foreach (var (name, low, high) in new[] { ("NumberOfRetries", 0, 300), ("BufferSizeInMBs", 1, 3), ("BufferIntervalInSeconds", 60, 900) })
            if (parameters.TryGetValue(name, out var value) && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < low || number > high))
                throw FirehoseRequest.InvalidArgument($"The processor parameter {name} must be a number from {low} to {high}, not {value}.");
        return new TransformProcessor(parameters);
    }

    /// <summary>KinesisStreamSourceConfiguration: the stream's ARN and the role (kept, not checked).</summary>
    public static KinesisSource Source(IRequestReader config)
    {
        var arn = config.String("KinesisStreamARN") ?? throw Missing("kinesisStreamSourceConfiguration.kinesisStreamARN");
        var role = config.String("RoleARN") ?? throw Missing("kinesisStreamSourceConfiguration.roleARN");
        if (StreamRules.NameOfArn(arn) is null)
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(arn, "kinesisStreamSourceConfiguration.kinesisStreamARN",
                ValidationErrors.Pattern("arn:.*:kinesis:[a-zA-Z0-9\\-]+:\\d{12}:stream/[a-zA-Z0-9_.-]+")).Message);
        return new KinesisSource(arn, role);
    }

    static void Range(int value, string path, int low, int high)
    {
        if (value < low) throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(value.ToString(CultureInfo.InvariantCulture), path, ValidationErrors.MinValue(low)).Message);
        if (value > high) throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(value.ToString(CultureInfo.InvariantCulture), path, ValidationErrors.MaxValue(high)).Message);
    }

    static void Check(bool ok, string value, string path, string constraint)
    {
        if (!ok) throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(value, path, constraint).Message);
    }

    static ApiException Missing(string path) => new(FirehoseErrors.Validation, ValidationErrors.One(null, path, ValidationErrors.NotNull).Message);

    [GeneratedRegex("^arn:[^:]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketArn();
}
