namespace Shoal.Api.Protocols;

public enum WireProtocol
{
    /// <summary>AWS JSON 1.0/1.1: X-Amz-Target names the action, the body is JSON.</summary>
    Json,
    /// <summary>AWS Query: a form body with Action and Version; the reply is XML.</summary>
    Query,
}

/// <summary>How one AWS service spells its replies on the wire.</summary>
public sealed record AwsService(
    string Name,
    string XmlNamespace,
    string JsonContentType,
    string ShapePrefix,
    bool QueryCompatible)
{
    public static readonly AwsService Sqs = new(
        "sqs", "http://queue.amazonaws.com/doc/2012-11-05/", "application/x-amz-json-1.0", "com.amazonaws.sqs#", QueryCompatible: true);

    /// <summary>Kinesis speaks JSON 1.1 only; its error shapes carry no namespace prefix (aws-wire.md §4).</summary>
    public static readonly AwsService Kinesis = new(
        "kinesis", "", "application/x-amz-json-1.1", "", QueryCompatible: false);

    /// <summary>Firehose speaks JSON 1.1, its error shapes without a prefix, like Kinesis.</summary>
    public static readonly AwsService Firehose = new(
        "firehose", "", "application/x-amz-json-1.1", "", QueryCompatible: false);

    /// <summary>SNS speaks Query only, for every client (aws-wire.md §1).</summary>
    public static readonly AwsService Sns = new(
        "sns", "http://sns.amazonaws.com/doc/2010-03-31/", "text/xml", "", QueryCompatible: false);
}
