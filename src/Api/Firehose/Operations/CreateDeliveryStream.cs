using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose.Operations;

/// <summary>
/// DirectPut, or KinesisStreamAsSource reading a Shoal stream that must exist; one S3 or HTTP endpoint destination.
/// The reply carries the ARN at once; the stream is CREATING for a moment, then ACTIVE.
/// </summary>
public static class CreateDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var r = request.Reader;
        var name = request.DeliveryStreamName();
        var type = r.String("DeliveryStreamType") ?? DeliveryStreamConfig.DirectPut;
        string[] types = [DeliveryStreamConfig.DirectPut, DeliveryStreamConfig.KinesisStreamAsSource, "MSKAsSource", "DatabaseAsSource"];
        if (!types.Contains(type))
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(type, "deliveryStreamType", ValidationErrors.OneOf(types)).Message);
        if (type is not (DeliveryStreamConfig.DirectPut or DeliveryStreamConfig.KinesisStreamAsSource))
            throw FirehoseRequest.InvalidArgument($"Shoal's delivery streams are DirectPut or KinesisStreamAsSource; {type} is not supported.");
        var sourceConfig = r.Object("KinesisStreamSourceConfiguration");
        if ((type == DeliveryStreamConfig.KinesisStreamAsSource) != (sourceConfig is not null))
            throw FirehoseRequest.InvalidArgument(sourceConfig is null
                ? "KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource."
                : "KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.");
        var source = sourceConfig is null ? null : DestinationConfiguration.Source(sourceConfig);
        var destination = DestinationConfiguration.Read(r);
        var tags = Tags.Read(r, "Tags");
        if (source is not null)
        {
            var streamName = StreamRules.NameOfArn(source.KinesisStreamArn)!;
            var stream = await request.Entities.Ask(request.Entities.Streams, new GetStream(Kinesis.KinesisRequest.StreamIdOf(streamName)), TimeSpan.FromSeconds(10), request.Call.Aborted);
            if (stream is not StreamView) throw FirehoseRequest.InvalidArgument($"The Kinesis stream {source.KinesisStreamArn} does not exist.");
        }
        var reply = await request.Ask(new Actors.Firehose.CreateDeliveryStream(FirehoseRequest.IdOf(name), new DeliveryStreamConfig(name, type, source, destination, tags)));
        if (reply is Rejection rejection) throw FirehoseRequest.Error(rejection);
        await request.AskCatalog(new RegisterDeliveryStream(Account.Id, name, type));
        await request.Call.Respond(w => w.String("DeliveryStreamARN", DeliveryStreamRules.Arn(name)));
    }
}
