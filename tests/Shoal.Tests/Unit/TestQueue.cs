using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;

namespace Shoal.Tests.Unit;

/// <summary>
/// A standard queue driven through <see cref="QueueDecider"/> at explicit times. Each call decides,
/// applies the events as the entity does once they are persisted, and returns the reply.
/// </summary>
internal sealed class TestQueue
{
    /// <summary>When test queues are created; times in tests read as seconds after it.</summary>
    public const long T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public static long At(double seconds) => T0 + (long)Math.Round(seconds * 1000);

    public string Name { get; }
    public string QueueId { get; }
    public QueueState State { get; } = new();

    TestQueue(string name)
    {
        Name = name;
        QueueId = EntityIds.Queue(Account.Id, name);
    }

    public static TestQueue Created(params (string Name, string Value)[] attributes) => CreatedNamed("orders", attributes);

    public static TestQueue CreatedNamed(string name, params (string Name, string Value)[] attributes)
    {
        var queue = new TestQueue(name);
        Expect.Reply<CreateQueueResult>(queue.Run(queue.Create(attributes), T0));
        return queue;
    }

    /// <summary>A queue that was never created.</summary>
    public static TestQueue Missing(string name = "missing") => new(name);

    public CreateQueue Create(params (string Name, string Value)[] attributes) =>
        new(QueueId, Name, attributes.ToDictionary(a => a.Name, a => a.Value), new Dictionary<string, string>());

    public Decision Decide(IQueueCommand command, long at) => QueueDecider.Decide(State, command, at);

    public object Run(IQueueCommand command, long at)
    {
        var decision = Decide(command, at);
        foreach (var e in decision.Events) State.Apply(e);
        return decision.Reply;
    }

    public SentEntry Send(string body, long at, int? delaySeconds = null) =>
        Assert.Single(Expect.Reply<SendResult>(SendReply(Msg.Entry(body, delaySeconds), at)).Successful);

    public object SendReply(SendEntry entry, long at) => Run(new SendMessages(QueueId, [entry], IsBatch: false, "sender"), at);

    public object SendBatch(long at, params SendEntry[] entries) => Run(new SendMessages(QueueId, entries, IsBatch: true, "sender"), at);

    public IReadOnlyList<ReceivedMessage> Receive(long at, int max = 10, int? visibilityTimeout = null) =>
        Expect.Reply<ReceiveResult>(ReceiveReply(at, max, visibilityTimeout)).Messages;

    public object ReceiveReply(long at, int max = 10, int? visibilityTimeout = null, int? waitTimeSeconds = null) =>
        Run(new ReceiveMessages(QueueId, max, visibilityTimeout, waitTimeSeconds), at);

    public object Delete(string receiptHandle, long at) =>
        Run(new DeleteMessages(QueueId, [new ReceiptEntry("e1", receiptHandle)], IsBatch: false), at);

    public object ChangeVisibility(string receiptHandle, int seconds, long at) =>
        Run(new ChangeVisibility(QueueId, [new VisibilityEntry("e1", receiptHandle, seconds)], IsBatch: false), at);

    public object SetAttributes(long at, params (string Name, string Value)[] attributes) =>
        Run(new SetQueueAttributes(QueueId, attributes.ToDictionary(a => a.Name, a => a.Value)), at);

    public IReadOnlyDictionary<string, string> Attributes(long at, params string[] names) =>
        Expect.Reply<QueueAttributesResult>(Run(new GetQueueAttributes(QueueId, names), at)).Attributes;

    public long SequenceOf(string messageId) => State.BySequence().Single(m => m.Message.MessageId == messageId).Sequence;

    /// <summary>ApproximateNumberOfMessages, ...NotVisible and ...Delayed, as GetQueueAttributes reports them.</summary>
    public (long Visible, long NotVisible, long Delayed) Counts(long at)
    {
        var attributes = Attributes(at, "All");
        long Read(string name) => long.Parse(attributes[name], System.Globalization.CultureInfo.InvariantCulture);
        return (Read(QueueAttributeRules.ApproximateNumberOfMessages),
            Read(QueueAttributeRules.ApproximateNumberOfMessagesNotVisible),
            Read(QueueAttributeRules.ApproximateNumberOfMessagesDelayed));
    }
}

/// <summary>Builders for what producers send.</summary>
internal static class Msg
{
    public static readonly IReadOnlyDictionary<string, MessageAttributeValue> NoAttributes =
        new Dictionary<string, MessageAttributeValue>();

    public static SendEntry Entry(
        string body,
        int? delaySeconds = null,
        IReadOnlyDictionary<string, MessageAttributeValue>? attributes = null,
        string id = "e1",
        IReadOnlyDictionary<string, MessageAttributeValue>? systemAttributes = null) =>
        new(id, Guid.NewGuid().ToString(), body, delaySeconds, attributes ?? NoAttributes, systemAttributes ?? NoAttributes);

    public static MessageAttributeValue Text(string value, string dataType = "String") => new(dataType, StringValue: value);

    public static MessageAttributeValue Number(string value, string dataType = "Number") => new(dataType, StringValue: value);

    public static MessageAttributeValue Bytes(params byte[] value) => new("Binary", BinaryValue: value);

    public static IReadOnlyDictionary<string, MessageAttributeValue> Attributes(params (string Name, MessageAttributeValue Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => a.Value);
}

/// <summary>Assertions on replies that say what the rules answered instead.</summary>
internal static class Expect
{
    public static T Reply<T>(object reply)
    {
        if (reply is Rejection rejection && typeof(T) != typeof(Rejection))
            Assert.Fail($"Expected {typeof(T).Name}, but the rules answered {rejection.Code}: {rejection.Message}");
        return Assert.IsType<T>(reply);
    }

    public static Rejection Rejection(ErrorCode code, object? reply)
    {
        var rejection = reply as Rejection;
        Assert.True(rejection is not null, $"Expected {code}, but the rules accepted it: {reply?.ToString() ?? "no rejection"}");
        Assert.True(rejection.Code == code, $"Expected {code}, but got {rejection.Code}: {rejection.Message}");
        return rejection;
    }

    /// <summary>A batch entry that failed on its own while the request as a whole was accepted.</summary>
    public static EntryFailure EntryFailure(ErrorCode code, string id, IReadOnlyList<EntryFailure> failed)
    {
        var failure = Assert.Single(failed, f => f.Id == id);
        Assert.True(failure.Code == code, $"Expected entry {id} to fail with {code}, but got {failure.Code}: {failure.Message}");
        return failure;
    }
}
