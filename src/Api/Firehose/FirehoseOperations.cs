using Shoal.Api.Firehose.Operations;

namespace Shoal.Api.Firehose;

/// <summary>Every Firehose action this server answers, by its AWS name.</summary>
public static class FirehoseOperations
{
    public static readonly IReadOnlyDictionary<string, Func<FirehoseRequest, Task>> All = new Dictionary<string, Func<FirehoseRequest, Task>>
    {
        [nameof(CreateDeliveryStream)] = CreateDeliveryStream.Handle,
        [nameof(DeleteDeliveryStream)] = DeleteDeliveryStream.Handle,
        [nameof(DescribeDeliveryStream)] = DescribeDeliveryStream.Handle,
        [nameof(ListDeliveryStreams)] = ListDeliveryStreams.Handle,
        [nameof(PutRecord)] = PutRecord.Handle,
        [nameof(PutRecordBatch)] = PutRecordBatch.Handle,
        [nameof(TagDeliveryStream)] = TagDeliveryStream.Handle,
        [nameof(UntagDeliveryStream)] = UntagDeliveryStream.Handle,
        [nameof(ListTagsForDeliveryStream)] = ListTagsForDeliveryStream.Handle,
    };
}
