using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// A topic driven through <see cref="TopicDecider"/> at explicit times: each call decides, applies the
/// events as the entity does, and returns the reply.
/// </summary>
internal sealed class TestTopic
{
    public const long T0 = TestQueue.T0;
    static readonly Dictionary<string, string> None = new();
    static readonly Dictionary<string, MessageAttributeValue> NoAttributes = new();
    int _next;

    public string Name { get; }
    public string TopicId { get; }
    public TopicState State { get; } = new();
    public List<ITopicEvent> Events { get; } = [];

    TestTopic(string name)
    {
        Name = name;
        TopicId = EntityIds.Topic(Account.Id, name);
    }

    public string Arn => TopicAttributeRules.Arn(Name);

    public static TestTopic Created(string name = "orders", params (string Name, string Value)[] attributes)
    {
        var topic = new TestTopic(name);
        Expect.Reply<TopicCreatedResult>(topic.Run(new CreateTopic(topic.TopicId, name, attributes.ToDictionary(), None)));
        return topic;
    }

    public static TestTopic Fifo(string name = "orders.fifo", bool contentBased = false) =>
        Created(name, ("FifoTopic", "true"), ("ContentBasedDeduplication", contentBased ? "true" : "false"));

    public static TestTopic Missing(string name = "missing") => new(name);

    public object Run(ITopicCommand command, long at = T0)
    {
        var decision = TopicDecider.Decide(State, command, at);
        foreach (var e in decision.Events) State.Apply(e);
        Events.AddRange(decision.Events);
        return decision.Reply;
    }

    /// <summary>Subscribes an SQS queue and returns the subscription id.</summary>
    public string SubscribeQueue(string queue, params (string Name, string Value)[] attributes)
    {
        var id = $"sub-{++_next}";
        var reply = Expect.Reply<SubscribeResult>(Run(new Subscribe(TopicId, id, "sqs", $"arn:aws:sqs:us-east-1:000000000000:{queue}", attributes.ToDictionary(), $"token-{id}")));
        return reply.SubscriptionArn[(reply.SubscriptionArn.LastIndexOf(':') + 1)..];
    }

    public static PublishEntry Entry(string message, string id = "0", string? group = null, string? deduplicationId = null,
        IReadOnlyDictionary<string, MessageAttributeValue>? attributes = null, string? subject = null, string? structure = null) =>
        new(id, Guid.NewGuid().ToString(), message, subject, structure, attributes ?? NoAttributes, group, deduplicationId);

    public object Publish(PublishEntry entry, long at = T0) => Run(new Publish(TopicId, [entry], IsBatch: false), at);

    /// <summary>The subscriptions the last publish is to reach.</summary>
    public IReadOnlyList<string> LastRecipients => Events.OfType<MessagePublished>().Last().SubscriptionIds;
}
