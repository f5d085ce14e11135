using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Shoal.Actors.Catalog;
using Shoal.Actors.Firehose;
using Shoal.Actors.Persistence;
using Shoal.Actors.Queues;
using Shoal.Actors.Streams;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Actors;

[Trait("Tier", "Actor")]
public sealed class SerializerTests() : TestKit(ActorTestConfig.InMemory)
{
    static readonly QueueMessage Message = new(7, "0a1b2c3d-0000-0000-0000-000000000001", "body ünï",
        new Dictionary<string, MessageAttributeValue>
        {
            ["s"] = new("String", "v"),
            ["b"] = new("Binary", BinaryValue: [0, 1, 255]),
        },
        new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new("String", "Root=1") },
        "000000000000", 1_700_000_000_123, "md5-body", "md5-attributes");

    static readonly QueueMessage FifoMessage = Message with { Sequence = 8, MessageGroupId = "group-1", MessageDeduplicationId = "dedup-1" };

    static readonly QueueMessage DeadLetter = Message with { Sequence = 9, DeadLetterSourceArn = "arn:aws:sqs:us-east-1:000000000000:source" };

    static readonly Subscription Subscriber = new("sub-1", "sqs", "arn:aws:sqs:us-east-1:000000000000:q",
        new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, true, null, 1_700_000_000_000);

    static readonly PublishedMessage Published = new(3, "m-1", "hello", "subject", null, Message.Attributes, 1_700_000_000_700, "g", "d");

    static readonly StreamShard Shard = new(1, new HashKeyRange(System.Numerics.BigInteger.Parse("170141183460469231731687303715884105728"), HashKeys.Max),
        1_700_000_000_000, "shardId-000000000000", null, 1_700_000_100_000, SequenceNumbers.Encode(1, 41));

    static readonly ShardRecord Record = new(7, SequenceNumbers.Encode(1, 7), 1_700_000_000_900, "pk", [0, 1, 255], "KMS");

    static readonly DeliveryStreamConfig Delivery = new("d", DeliveryStreamConfig.KinesisStreamAsSource,
        new KinesisSource("arn:aws:kinesis:us-east-1:000000000000:stream/s", "arn:aws:iam::000000000000:role/r"),
        new DeliveryDestination(
            new S3Target("arn:aws:iam::000000000000:role/r", "arn:aws:s3:::b", "p/", "e/", "GZIP", new BufferingHints(1, 60)),
            new HttpEndpointTarget("http://127.0.0.1:9/in", "receiver", "key", new Dictionary<string, string> { ["a"] = "b" }, "GZIP", 30, "AllData", null),
            new BufferingHints(2, 0),
            new TransformProcessor(new Dictionary<string, string> { ["LambdaArn"] = "http://127.0.0.1:9/transform", ["NumberOfRetries"] = "1" }),
            Extended: false),
        new Dictionary<string, string> { ["k"] = "v" });

    static readonly BufferedRecord Buffered = new(3, 1_700_000_700_000, [0, 1, 255]);

    static readonly MoveTask Task = new("task-1", "arn:aws:sqs:us-east-1:000000000000:destination", 50, 12, 40, 1_700_000_000_500);

    /// <summary>One sample of every persisted type; the test below fails if a type is missing here.</summary>
    public static readonly object[] Samples =
    [
        new QueueCreated("q", new Dictionary<string, string> { ["VisibilityTimeout"] = "5" }, new Dictionary<string, string> { ["t"] = "v" }, 1),
        new QueueAttributesSet(new Dictionary<string, string> { ["DelaySeconds"] = "3" }, 2),
        new QueueTagged(new Dictionary<string, string> { ["k"] = "v" }),
        new QueueUntagged(["k"]),
        new MessageSent(DeadLetter with { MessageGroupId = "group-1", MessageDeduplicationId = "dedup-1" }, 1_700_000_000_200,
            new MoveReceipt("000000000000/source#3", 1_700_000_000_201)),
        new MessagesReceived([7, 8], 1_700_000_000_300, 1_700_000_030_300, "attempt-1"),
        new MessageDeleted(7),
        new MessageVisibilityChanged(7, 1_700_000_000_999),
        new QueuePurged(3),
        new MessagesExpired([1, 2, 3]),
        new QueueDeleted(4),
        new QueueSnapshot("q", true, 1, 2, null, 3, 9,
            new Dictionary<string, string> { ["VisibilityTimeout"] = "5" }, new Dictionary<string, string>(),
            [new SnapshotMessage(Message, 5, 1, 4, 4), new SnapshotMessage(FifoMessage, 6, 0, 0, 0)],
            [new DeduplicationEntry("group-1\ndedup-1", FifoMessage.MessageId, 8, 1_700_000_000_123)],
            [new ReceiveAttempt("attempt-1", 1_700_000_000_300, 1_700_000_030_300, [8])],
            [new MoveReceipt("000000000000/source#3", 1_700_000_000_201)],
            [new MoveTaskView(Task, MoveTaskStatus.Running, 3, null)],
            1_700_000_060_000),
        new MessagesMoving([7, 8], "000000000000/dlq", "task-1"),
        new MessagesMoved([7], "task-1"),
        new MessagesMoveRefused([8], null, "gone", 1_700_000_000_400),
        new MoveTaskStarted(Task),
        new MoveTaskEnded("task-1", MoveTaskStatus.Failed, "gone", 1_700_000_000_600),
        new DeadLetterTargetSet("q", "dlq"),
        new FifoIdsExpired(1_700_000_300_000),
        new QueueRegistered("q"),
        new QueueUnregistered("q"),
        new CatalogSnapshot(["a", "b"], new Dictionary<string, string> { ["a"] = "b" }, ["t"]),
        new TopicRegistered("t"),
        new TopicUnregistered("t"),
        new TopicCreated("t.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, new Dictionary<string, string> { ["k"] = "v" }, 1),
        new TopicAttributeSet("DisplayName", "Orders"),
        new TopicTagged(new Dictionary<string, string> { ["k"] = "v" }),
        new TopicUntagged(["k"]),
        new TopicDeleted(5),
        new Subscribed(Subscriber with { Protocol = "http", Endpoint = "http://127.0.0.1/", Confirmed = false, Token = "token" }),
        new SubscriptionConfirmed("sub-1", true),
        new SubscriptionAttributeSet("sub-1", "FilterPolicy", "{\"k\": [\"v\"]}"),
        new Unsubscribed("sub-1"),
        new MessagePublished(Published, ["sub-1", "sub-2"]),
        new DeliveriesEnded("sub-1", [3, 4], DeliveryOutcome.DeadLettered),
        new TopicSnapshot("t.fifo", true, true, 1, 4, 2, new Dictionary<string, string> { ["FifoTopic"] = "true" }, new Dictionary<string, string>(),
            [Subscriber], [new TopicDeduplication("d", "m-1", 3, 1_700_000_000_700)], [new OutboxEntry(Published, ["sub-1"])]),
        new StreamRegistered("s"),
        new StreamUnregistered("s"),
        new StreamCreated("s", false, [Shard], new Dictionary<string, string> { ["k"] = "v" }, 1_700_000_000_000),
        new StreamDeleted(1_700_000_200_000),
        new StreamRetentionChanged(48),
        new StreamTagged(new Dictionary<string, string> { ["k"] = "v" }),
        new StreamUntagged(["k"]),
        new StreamSnapshot("s", true, true, 1_700_000_000_000, 48, 1024, [Shard], new Dictionary<string, string>(), "alias/aws/kinesis", 1_700_000_300_000,
            [new StreamConsumer("c", 1_700_000_600_000)]),
        new RecordsPut([Record]),
        new RecordsTrimmed(8, 9),
        new StreamModeChanged(true, 1_700_000_300_000),
        new StreamEncryptionChanged("alias/aws/kinesis", 1_700_000_300_000),
        new StreamResharded(new Reshard(1_700_000_400_000, ["shardId-000000000001"], [Shard with { Index = 2, ClosedAt = null, EndingSequenceNumber = null }])),
        new StreamShardEnded(1, SequenceNumbers.Encode(1, 41)),
        new ShardClosed(1_700_000_400_000),
        new StreamMaxRecordSizeChanged(10_240, 1_700_000_500_000),
        new ConsumerRegistered("c", 1_700_000_600_000),
        new ConsumerDeregistered("c"),
        new DeliveryStreamRegistered("d", DeliveryStreamConfig.DirectPut),
        new DeliveryStreamUnregistered("d"),
        new DeliveryStreamCreated(Delivery, 1_700_000_700_000),
        new DeliveryStreamDeleted(1_700_000_800_000),
        new FirehoseRecordsBuffered([Buffered], new SourceCheckpoint(1, 8, false)),
        new FirehoseBatchDelivered(3, 1_700_000_760_000),
        new DeliveryStreamTagged(new Dictionary<string, string> { ["k"] = "v" }),
        new DeliveryStreamUntagged(["k"]),
        new DeliveryStreamSnapshot(Delivery, true, 1_700_000_700_000, 4, [Buffered], [new SourceCheckpoint(0, 2, true)]),
    ];

    static readonly Dictionary<string, string> Map = new() { ["k"] = "v" };
    static readonly Dictionary<string, MessageAttributeValue> NoAttributes = new();

    /// <summary>One sample of every command and reply that crosses from api to broker nodes.</summary>
    public static readonly object[] WireSamples =
    [
        new CreateQueue("a/q", "q", Map, Map), new DeleteQueue("a/q"), new GetQueue("a/q"),
        new GetQueueAttributes("a/q", ["All"]), new SetQueueAttributes("a/q", Map),
        new SendMessages("a/q", [new SendEntry("e", "id", "body", 3, Message.Attributes, NoAttributes)], true, "sender", Resent: true),
        new ReceiveMessages("a/q", 10, 30, 20), new DeleteMessages("a/q", [new ReceiptEntry("e", "h")], false),
        new ChangeVisibility("a/q", [new VisibilityEntry("e", "h", 5)], true), new PurgeQueue("a/q"),
        new TagQueue("a/q", Map), new UntagQueue("a/q", ["k"]), new ListQueueTags("a/q"),
        new AddPermission("a/q", "label", ["111122223333"], ["SendMessage"]), new RemovePermission("a/q", "label"),
        new CreateQueueResult("q"), new GetQueueResult("q"), new QueueAttributesResult(Map), new TagsResult(Map),
        new SendResult([new SentEntry("e", "id", "md5", null, null)], [new EntryFailure("f", Shoal.Actors.Common.ErrorCode.InvalidParameterValue, "bad")]),
        new ReceiveResult([new ReceivedMessage(Message, "handle", 2, 5)]), new EntriesResult(["e"], []), new Done(),
        new RegisterQueue("a", "q"), new UnregisterQueue("a", "q"), new ListQueues("a", "p", 10, null),
        new NameList(["q"], "token"), new CatalogUpdated(), new ListDeadLetterSources("a", "dlq", 10, "token"),
        new AcceptMovedMessages("a/dlq", "arn:aws:sqs:us-east-1:000000000000:q", true, [new MovedMessage("a/q#7", Message.MessageId, Message)]),
        new StartMoveTask("a/dlq", "task-1", null, 10), new ListMoveTasks("a/dlq", 10), new CancelMoveTask("a/dlq", "task-1"),
        new PumpMoveTask("a/dlq"), new MovedMessagesAccepted(1), new MoveTaskStartedResult("task-1"),
        new MoveTaskList([new MoveTaskView(Task, MoveTaskStatus.Completed, 12, null)]), new MoveTaskCancelled(3),
        new AcceptNotifications("a/q", "arn:aws:sns:us-east-1:000000000000:t", [new MovedMessage("a/t#3#sub-1", Message.MessageId, Message)]),
        new RegisterTopic("a", "t"), new UnregisterTopic("a", "t"), new ListTopics("a", "token"),
        new CreateTopic("a/t", "t", Map, Map), new DeleteTopic("a/t"), new GetTopicAttributes("a/t"), new SetTopicAttribute("a/t", "DisplayName", "x"),
        new Subscribe("a/t", "sub-1", "sqs", "arn:aws:sqs:us-east-1:000000000000:q", Map, "token"),
        new ConfirmSubscription("a/t", "token", true), new Unsubscribe("a/t", "sub-1"), new GetSubscriptionAttributes("a/t", "sub-1"),
        new SetSubscriptionAttribute("a/t", "sub-1", "RawMessageDelivery", "true"), new ListTopicSubscriptions("a/t", "token"),
        new Publish("a/t", [new PublishEntry("e", "m-1", "hello", "subject", "json", Message.Attributes, "g", "d")], true, Resent: true),
        new TagTopic("a/t", Map), new UntagTopic("a/t", ["k"]), new ListTopicTags("a/t"),
        new AddTopicPermission("a/t", "label", ["111122223333"], ["Publish"]), new RemoveTopicPermission("a/t", "label"),
        new EndDeliveries("a/t", "sub-1", [3], DeliveryOutcome.Delivered), new WakeTopic("a/t"), new RetryDeliveries("a/t"),
        new TopicCreatedResult("arn:aws:sns:us-east-1:000000000000:t"), new TopicAttributesResult(Map),
        new SubscribeResult("arn:aws:sns:us-east-1:000000000000:t:sub-1", false), new SubscriptionAttributesResult(Map),
        new SubscriptionList([new SubscriptionView("arn", "sqs", "endpoint", "topic")], "token"),
        new PublishResult([new PublishedEntry("e", "m-1", "00000000000000000003")], [new EntryFailure("f", Shoal.Actors.Common.ErrorCode.InvalidParameter, "bad")]),
        new TopicTagsResult(Map),
        new RegisterStream("a", "s"), new UnregisterStream("a", "s"), new ListStreams("a", "after", 100),
        new CreateStream("a/s", "s", 2, false, Map), new DeleteStream("a/s"), new GetStream("a/s"), new ChangeRetention("a/s", 48, true),
        new TagStream("a/s", Map), new UntagStream("a/s", ["k"]), new UpdateStreamMode("a/s", true), new ChangeEncryption("a/s", "alias/aws/kinesis"),
        new ReshardStream("a/s", ReshardStream.Split, "shardId-000000000001", "12345"), new RecordShardEnd("a/s", 1, SequenceNumbers.Encode(1, 41)), new ShardUnderLoad("a/s", 1),
        new CloseShard("a/s/1/1", 1), new ShardEnded(1, 42), new ShardIsClosed(1),
        new StreamView("s", "ACTIVE", 1_700_000_000_000, false, 24, 1024, [Shard], Map, "alias/aws/kinesis"),
        new PutShardRecords("a/s/1/1", "s", 1, 24, [new IncomingRecord(0, "pk", [1, 2])], "KMS", OnDemand: true),
        new ReadShard("a/s/1/1", "s", 1, 24, 7, 100),
        new LocateIterator("a/s/1/1", "s", 1, 24, new IteratorStart("AT_TIMESTAMP", null, 1_700_000_000_000)),
        new ShardPutResult([new PutRecordResult(0, Record.SequenceNumber), new PutRecordResult(1, null, "ProvisionedThroughputExceededException", "Rate exceeded")]),
        new ShardRecords([Record], 8, 0), new IteratorPosition(8),
        new UpdateMaxRecordSize("a/s", 10_240), new RegisterConsumer("a/s", "c"), new DeregisterConsumer("a/s", "c", "arn"),
        new StreamConsumer("c", 1_700_000_600_000),
        new OpenSubscription("a/s/1/1", "s", 1, 24, new IteratorStart("LATEST"), "arn", "sub-1"), new SubscriptionOpened(8),
        new WatchShard("a/s/1/1", "s", 1, 24, 8, "arn", "sub-1", 5_000), new CloseSubscription("a/s/1/1", "arn", "sub-1"),
        new RegisterDeliveryStream("a", "d", DeliveryStreamConfig.DirectPut), new UnregisterDeliveryStream("a", "d"),
        new ListDeliveryStreams("a", "after", 10, DeliveryStreamConfig.KinesisStreamAsSource),
        new CreateDeliveryStream("a/d", Delivery), new DeleteDeliveryStream("a/d"), new GetDeliveryStream("a/d"),
        new PutFirehoseRecords("a/d", [[1, 2], [3]]), new TagDeliveryStream("a/d", Map), new UntagDeliveryStream("a/d", ["k"]),
        new WakeDeliveryStream("a/d"), new DeliveryStreamTick("a/d"), new FirehoseRecordsAccepted(["id-1", "id-2"]),
        new DeliveryStreamView(Delivery, "ACTIVE", 1_700_000_700_000, 1),
        new Shoal.Actors.Common.Rejection(Shoal.Actors.Common.ErrorCode.QueueDoesNotExist, "missing"),
    ];

    [Fact]
    public void Every_wire_message_has_a_sample_and_round_trips()
    {
        Assert.Equal(WireManifests.ByManifest.Values.OrderBy(t => t.Name), WireSamples.Select(s => s.GetType()).OrderBy(t => t.Name));
        RoundTrip(WireSamples, WireManifests.ByManifest.ToDictionary(p => p.Value, p => p.Key));
    }

    [Fact]
    public void Every_persisted_type_has_a_sample_in_this_test()
    {
        Assert.Equal(Manifests.ByType.Keys.OrderBy(t => t.Name), Samples.Select(s => s.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Every_persisted_type_round_trips_through_the_serializer_with_its_frozen_manifest()
    {
        RoundTrip(Samples, Manifests.ByType);
    }

    void RoundTrip(IEnumerable<object> samples, IReadOnlyDictionary<Type, string> manifests)
    {
        var serialization = ((ExtendedActorSystem)Sys).Serialization;
        foreach (var sample in samples)
        {
            var serializer = Assert.IsType<ShoalSerializer>(serialization.FindSerializerFor(sample));
            var manifest = Serialization.ManifestFor(serializer, sample);
            Assert.Equal(manifests[sample.GetType()], manifest);
            var back = serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);
            Assert.IsType(sample.GetType(), back);
            Assert.Equal(JsonSerializer.Serialize(sample, sample.GetType()), JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    [Fact]
    public void Rows_written_before_fifo_queues_read_back_with_the_new_fields_empty()
    {
        var serializer = new ShoalSerializer((ExtendedActorSystem)Sys);
        var sent = Assert.IsType<MessageSent>(serializer.FromBinary("""
            {"Message":{"Sequence":7,"MessageId":"m","Body":"b","Attributes":{},"SystemAttributes":{},"SenderId":"s",
             "SentAt":1,"Md5OfBody":"x","Md5OfAttributes":null},"VisibleAt":2}
            """u8.ToArray(), "queue.message-sent"));
        Assert.Null(sent.Message.MessageGroupId);
        Assert.Null(sent.Message.MessageDeduplicationId);
        var received = Assert.IsType<MessagesReceived>(serializer.FromBinary("""
            {"Sequences":[7],"At":1,"VisibleAt":2}
            """u8.ToArray(), "queue.messages-received"));
        Assert.Null(received.AttemptId);

        var snapshot = Assert.IsType<QueueSnapshot>(serializer.FromBinary("""
            {"Name":"q","Exists":true,"CreatedAt":1,"LastModifiedAt":1,"DeletedAt":null,"LastPurgedAt":null,"NextSequence":1,
             "Attributes":{},"Tags":{},"Messages":[]}
            """u8.ToArray(), "queue.snapshot"));
        Assert.Null(snapshot.Deduplication);
        Assert.Null(snapshot.ReceiveAttempts);
        Assert.False(QueueState.FromSnapshot(snapshot).IsFifo);
    }

    [Fact]
    public void Manifests_are_frozen_strings_not_clr_type_names()
    {
        Assert.All(Manifests.ByManifest.Keys, manifest => Assert.DoesNotContain(",", manifest));
        Assert.Equal("queue.message-sent", Manifests.ByType[typeof(MessageSent)]);
    }
}
