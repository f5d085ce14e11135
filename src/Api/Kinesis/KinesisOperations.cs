using Shoal.Api.Kinesis.Operations;

namespace Shoal.Api.Kinesis;

/// <summary>Every Kinesis Data Streams action this server answers, by its AWS name.</summary>
public static class KinesisOperations
{
    public static readonly IReadOnlyDictionary<string, Func<KinesisRequest, Task>> All = new Dictionary<string, Func<KinesisRequest, Task>>
    {
        [nameof(CreateStream)] = CreateStream.Handle,
        [nameof(DeleteStream)] = DeleteStream.Handle,
        [nameof(DescribeStream)] = DescribeStream.Handle,
        [nameof(DescribeStreamSummary)] = DescribeStreamSummary.Handle,
        [nameof(ListStreams)] = ListStreams.Handle,
        [nameof(ListShards)] = ListShards.Handle,
        [nameof(PutRecord)] = PutRecord.Handle,
        [nameof(PutRecords)] = PutRecords.Handle,
        [nameof(GetShardIterator)] = GetShardIterator.Handle,
        [nameof(GetRecords)] = GetRecords.Handle,
        [nameof(IncreaseStreamRetentionPeriod)] = IncreaseStreamRetentionPeriod.Handle,
        [nameof(DecreaseStreamRetentionPeriod)] = DecreaseStreamRetentionPeriod.Handle,
        [nameof(AddTagsToStream)] = AddTagsToStream.Handle,
        [nameof(RemoveTagsFromStream)] = RemoveTagsFromStream.Handle,
        [nameof(ListTagsForStream)] = ListTagsForStream.Handle,
        [nameof(UpdateStreamMode)] = UpdateStreamMode.Handle,
        [nameof(UpdateMaxRecordSize)] = UpdateMaxRecordSize.Handle,
        [nameof(StartStreamEncryption)] = StartStreamEncryption.Handle,
        [nameof(StopStreamEncryption)] = StopStreamEncryption.Handle,
        [nameof(DescribeLimits)] = DescribeLimits.Handle,
        [nameof(SplitShard)] = SplitShard.Handle,
        [nameof(MergeShards)] = MergeShards.Handle,
        [nameof(UpdateShardCount)] = UpdateShardCount.Handle,
        [nameof(TagResource)] = TagResource.Handle,
        [nameof(UntagResource)] = UntagResource.Handle,
        [nameof(ListTagsForResource)] = ListTagsForResource.Handle,
        [nameof(RegisterStreamConsumer)] = RegisterStreamConsumer.Handle,
        [nameof(DescribeStreamConsumer)] = DescribeStreamConsumer.Handle,
        [nameof(ListStreamConsumers)] = ListStreamConsumers.Handle,
        [nameof(DeregisterStreamConsumer)] = DeregisterStreamConsumer.Handle,
        [nameof(SubscribeToShard)] = SubscribeToShard.Handle,
    };
}
