using Shoal.Actors.Common;
using Shoal.Actors.Queues;

namespace Shoal.Actors.Firehose;

/// <summary>Decide(state, command, now) -> (reply, events): the delivery stream's API rules, without Akka or I/O.</summary>
public static class DeliveryStreamDecider
{
    /// <summary>Tags a delivery stream may carry (TagDeliveryStream).</summary>
    public const int MaxTags = 50;

    public sealed record Decision(object Reply, IReadOnlyList<IDeliveryStreamEvent> Events);

    static Decision Answer(object reply) => new(reply, []);

    public static Decision Decide(DeliveryStreamState state, IDeliveryStreamCommand command, long now)
    {
        var name = NameOf(command.DeliveryStreamId);
        if (command is CreateDeliveryStream create)
            return state.Exists ? Answer(DeliveryStreamRules.InUse(name)) : new Decision(new Done(), [new DeliveryStreamCreated(create.Config, now)]);
        if (!state.Exists || state.Config is not { } config) return Answer(DeliveryStreamRules.NotFound(name));
        return command switch
        {
            DeleteDeliveryStream => new Decision(new Done(), [new DeliveryStreamDeleted(now)]),
            GetDeliveryStream => Answer(state.View(now)!),
            PutFirehoseRecords when config.Type != DeliveryStreamConfig.DirectPut => Answer(DeliveryStreamRules.NotDirectPut),
            PutFirehoseRecords put => Put(state, put, now),
            TagDeliveryStream tag when config.Tags.Keys.Union(tag.Tags.Keys).Count() > MaxTags =>
                Answer(new Rejection(ErrorCode.LimitExceeded, $"A delivery stream cannot have more than {MaxTags} tags.")),
            TagDeliveryStream tag => new Decision(new Done(), [new DeliveryStreamTagged(tag.Tags)]),
            UntagDeliveryStream untag => new Decision(new Done(), [new DeliveryStreamUntagged(untag.TagKeys)]),
            _ => Answer(new Rejection(ErrorCode.UnsupportedOperation, $"{command.GetType().Name} is not supported.")),
        };
    }

    static Decision Put(DeliveryStreamState state, PutFirehoseRecords put, long now)
    {
        var records = put.Records.Select((data, i) => new BufferedRecord(state.NextSequence + i, now, data)).ToList();
        var ids = records.Select(r => DeliveryStreamRules.RecordId(state.CreatedAt, r.Sequence)).ToList();
        return new Decision(new FirehoseRecordsAccepted(ids), [new FirehoseRecordsBuffered(records)]);
    }

    /// <summary>The name in an entity id ({account}/{name}).</summary>
    public static string NameOf(string deliveryStreamId) => deliveryStreamId[(deliveryStreamId.IndexOf('/') + 1)..];
}
