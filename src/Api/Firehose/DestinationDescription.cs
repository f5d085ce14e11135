using Shoal.Actors.Firehose;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose;

/// <summary>DescribeDeliveryStream's Destinations entry, in the shapes of the Firehose API reference.</summary>
public static class DestinationDescription
{
    public static void Write(IResponseWriter w, DeliveryDestination destination)
    {
        w.String("DestinationId", DeliveryDestination.DestinationId);
        if (destination.Http is { } http)
        {
            w.Object("HttpEndpointDestinationDescription", d =>
            {
                // The AccessKey is never described back.
                d.Object("EndpointConfiguration", e =>
                {
                    e.String("Url", http.Url);
                    e.String("Name", http.Name);
                });
                Buffering(d, destination.Buffering);
                d.Object("RequestConfiguration", r =>
                {
                    r.String("ContentEncoding", http.ContentEncoding);
                    r.ObjectList("CommonAttributes", "member", http.CommonAttributes, (a, pair) =>
                    {
                        a.String("AttributeName", pair.Key);
                        a.String("AttributeValue", pair.Value);
                    });
                });
                Processing(d, destination.Processor);
                d.String("RoleARN", http.RoleArn);
                d.Object("RetryOptions", r => r.Number("DurationInSeconds", http.RetrySeconds));
                d.String("S3BackupMode", http.S3BackupMode);
                d.Object("S3DestinationDescription", s => S3(s, destination.S3));
            });
            return;
        }
        w.Object("S3DestinationDescription", s => S3(s, destination.S3));
        if (destination.Extended)
            w.Object("ExtendedS3DestinationDescription", s =>
            {
                S3(s, destination.S3);
                Processing(s, destination.Processor);
                s.String("S3BackupMode", "Disabled");
            });
    }

    static void S3(IResponseWriter s, S3Target target)
    {
        s.String("RoleARN", target.RoleArn);
        s.String("BucketARN", target.BucketArn);
        s.String("Prefix", target.Prefix);
        s.String("ErrorOutputPrefix", target.ErrorOutputPrefix);
        Buffering(s, target.Buffering);
        s.String("CompressionFormat", target.Compression);
        s.Object("EncryptionConfiguration", e => e.String("NoEncryptionConfig", "NoEncryption"));
    }

    static void Buffering(IResponseWriter w, BufferingHints hints) => w.Object("BufferingHints", b =>
    {
        b.Number("SizeInMBs", hints.SizeInMBs);
        b.Number("IntervalInSeconds", hints.IntervalInSeconds);
    });

    static void Processing(IResponseWriter w, TransformProcessor? processor) => w.Object("ProcessingConfiguration", p =>
    {
        p.Bool("Enabled", processor is not null);
        p.ObjectList("Processors", "member", processor is null ? [] : new[] { processor }, (entry, lambda) =>
        {
            entry.String("Type", "Lambda");
            entry.ObjectList("Parameters", "member", lambda.Parameters, (parameter, pair) =>
            {
                parameter.String("ParameterName", pair.Key);
                parameter.String("ParameterValue", pair.Value);
            });
        });
    });
}
