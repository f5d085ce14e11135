using Shoal.Actors.Firehose;

namespace Shoal.Api.Firehose.Operations;

public static class DescribeDeliveryStream
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var stream = await request.DeliveryStream(name);
        var config = stream.Config;
        await request.Call.Respond(w => w.Object("DeliveryStreamDescription", d =>
        {
            d.String("DeliveryStreamName", config.Name);
            d.String("DeliveryStreamARN", stream.Arn);
            d.String("DeliveryStreamStatus", stream.Status);
            d.Object("DeliveryStreamEncryptionConfiguration", e => e.String("Status", "DISABLED"));
            d.String("DeliveryStreamType", config.Type);
            d.String("VersionId", stream.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            d.Double("CreateTimestamp", FirehoseRequest.Seconds(stream.CreatedAt));
            if (config.Source is { } source)
                d.Object("Source", s => s.Object("KinesisStreamSourceDescription", k =>
                {
                    k.String("KinesisStreamARN", source.KinesisStreamArn);
                    k.String("RoleARN", source.RoleArn);
                    k.Double("DeliveryStartTimestamp", FirehoseRequest.Seconds(stream.CreatedAt));
                }));
            d.ObjectList("Destinations", "member", new[] { config.Destination }, DestinationDescription.Write);
            d.Bool("HasMoreDestinations", false);
        }));
    }
}
