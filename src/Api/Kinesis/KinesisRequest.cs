using Akka.Actor;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis;

/// <summary>A Kinesis call: the decoded JSON 1.1 request plus the way to its stream, its shards and the catalog.</summary>
public sealed class KinesisRequest(AwsCall call, Entities entities, TimeProvider time)
{
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public AwsCall Call => call;
    public IRequestReader Reader => call.Reader;
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The stream named by StreamName or StreamARN (newer clients send either).</summary>
    public string StreamName()
    {
        var arn = Reader.String("StreamARN");
        if (arn is not null)
            return StreamRules.NameOfArn(arn) ?? throw Error(ValidationErrors.One(arn, "streamARN", ValidationErrors.Pattern("arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+")));
        var name = Reader.String("StreamName");
        if (StreamRules.ValidateStreamName(name) is { } invalid) throw Error(invalid);
        return name!;
    }

    /// <summary>
    /// The stream and consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName (DescribeStreamConsumer
    /// and DeregisterStreamConsumer take either). The ARN, when given, is returned too: it must match the consumer's.
    /// </summary>
    public (string Stream, string Consumer, string? Arn) ConsumerNamed()
    {
        if (Reader.String("ConsumerARN") is { } arn)
        {
            if (ConsumerRules.ValidateArn(arn) is { } invalid) throw Error(invalid);
            var (stream, consumer) = ConsumerRules.ParseArn(arn)!.Value;
            return (stream, consumer, arn);
        }
        var name = Reader.String("ConsumerName");
        if (ConsumerRules.ValidateName(name) is { } badName) throw Error(badName);
        return (StreamNameOfArn(), name!, null);
    }

    /// <summary>The stream the StreamARN names: the consumer actions take no StreamName.</summary>
    public string StreamNameOfArn() =>
        Reader.String("StreamARN") is null ? throw Error(ValidationErrors.One(null, "streamARN", ValidationErrors.NotNull)) : StreamName();

    /// <summary>The consumer as the stream has it now, or ResourceNotFoundException.</summary>
    public static StreamConsumer Consumer(StreamView stream, string name, string? arn) =>
        stream.Consumer(name, arn) ?? throw Error(ConsumerRules.NotFound(arn ?? name, stream.Name));

    public static void WriteConsumer(IResponseWriter w, string streamName, StreamConsumer consumer, long now)
    {
        w.String("ConsumerName", consumer.Name);
        w.String("ConsumerARN", consumer.Arn(streamName));
        w.String("ConsumerStatus", consumer.StatusAt(now));
        w.Double("ConsumerCreationTimestamp", Seconds(consumer.CreatedAt));
    }

    /// <summary>A record as GetRecords and SubscribeToShardEvent carry it.</summary>
    public static void WriteRecord(IResponseWriter w, ShardRecord record)
    {
        w.String("SequenceNumber", record.SequenceNumber);
        w.Double("ApproximateArrivalTimestamp", Seconds(record.ArrivedAt));
        w.Binary("Data", record.Data);
        w.String("PartitionKey", record.PartitionKey);
        w.String("EncryptionType", record.EncryptionType);
    }

    /// <summary>The shards that follow a closed shard, as GetRecords and SubscribeToShard name them at its end.</summary>
    public static void WriteChildShards(IResponseWriter w, StreamView stream, StreamShard parent) =>
        w.ObjectList("ChildShards", "member", stream.Shards.Where(s => s.ParentShardId == parent.ShardId || s.AdjacentParentShardId == parent.ShardId), (c, child) =>
        {
            c.String("ShardId", child.ShardId);
            c.StringList("ParentShards", "member", new[] { child.ParentShardId, child.AdjacentParentShardId }.OfType<string>());
            c.Object("HashKeyRange", range =>
            {
                range.String("StartingHashKey", child.HashKeyRange.StartingHashKey);
                range.String("EndingHashKey", child.HashKeyRange.EndingHashKey);
            });
        });

    /// <summary>An entity's or a rule's rejection as the Kinesis error it is on the wire.</summary>
    public static ApiException Error(Rejection rejection) => new(KinesisErrors.Of(rejection.Code), rejection.Message);

    /// <summary>A Limit or MaxResults outside 1..max: the model's constraint, worded as AWS words it.</summary>
    public static void CheckRange(int value, string path, int max)
    {
        if (value < 1) throw Error(ValidationErrors.One(value.ToString(System.Globalization.CultureInfo.InvariantCulture), path, ValidationErrors.MinValue(1)));
        if (value > max) throw Error(ValidationErrors.One(value.ToString(System.Globalization.CultureInfo.InvariantCulture), path, ValidationErrors.MaxValue(max)));
    }

    public static string StreamIdOf(string name) => EntityIds.Stream(Account.Id, name);

    public Task<object> AskStream(IStreamCommand command) => entities.Ask(entities.Streams, command, AskTimeout, call.Aborted);

    public Task<object> AskShard(IShardCommand command) => entities.Ask(entities.StreamShards, command, AskTimeout, call.Aborted);

    /// <summary>An ask to a shard that waits longer than most (a subscription's watch).</summary>
    public Task<object> AskShard(IShardCommand command, TimeSpan timeout) => entities.Ask(entities.StreamShards, command, timeout, call.Aborted);

    public void TellShard(IShardCommand command) => entities.StreamShards.Tell(command);

    public Task<object> AskCatalog(object command) => entities.Ask(entities.Catalog, command, AskTimeout, call.Aborted);

    /// <summary>The stream as it is now, or the error the entity answered (ResourceNotFoundException).</summary>
    public async Task<StreamView> Stream(string name) =>
        await AskStream(new GetStream(StreamIdOf(name))) switch
        {
            StreamView view => view,
            Rejection rejection => throw Error(rejection),
            var other => throw new InvalidOperationException($"GetStream answered {other.GetType().Name}"),
        };

    public static string ShardEntity(StreamView stream, int shardIndex) =>
        EntityIds.StreamShard(Account.Id, stream.Name, stream.CreatedAt, shardIndex);

    /// <summary>Answers with the result, or with the Kinesis error an entity replied.</summary>
    public Task Reply<T>(object reply, Action<IResponseWriter, T> write) => reply switch
    {
        Rejection failure => call.Fail(KinesisErrors.Of(failure.Code), failure.Message),
        T result => call.Respond(writer => write(writer, result)),
        _ => throw new InvalidOperationException($"{call.Action} got an unexpected reply {reply.GetType().Name}."),
    };

    /// <summary>An action with an empty result: "{}".</summary>
    public Task Reply(object reply) =>
        reply is Rejection rejection ? call.Fail(KinesisErrors.Of(rejection.Code), rejection.Message) : call.Respond(_ => { });

    /// <summary>Kinesis timestamps: epoch seconds with milliseconds.</summary>
    public static double Seconds(long epochMs) => epochMs / 1000.0;

    public static void WriteShard(IResponseWriter w, StreamShard shard)
    {
        w.String("ShardId", shard.ShardId);
        w.String("ParentShardId", shard.ParentShardId);
        w.String("AdjacentParentShardId", shard.AdjacentParentShardId);
        w.Object("HashKeyRange", range =>
        {
            range.String("StartingHashKey", shard.HashKeyRange.StartingHashKey);
            range.String("EndingHashKey", shard.HashKeyRange.EndingHashKey);
        });
        w.Object("SequenceNumberRange", range =>
        {
            range.String("StartingSequenceNumber", shard.StartingSequenceNumber);
            range.String("EndingSequenceNumber", shard.EndingSequenceNumber);
        });
    }

    public static void WriteMode(IResponseWriter w, StreamView stream) =>
        w.Object("StreamModeDetails", mode => mode.String("StreamMode", stream.OnDemand ? "ON_DEMAND" : "PROVISIONED"));
}
