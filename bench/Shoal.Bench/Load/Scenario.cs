namespace Shoal.Bench.Load;

/// <summary>The workloads; each one exists for HTTP (SQS, SNS) and AMQP targets alike.</summary>
public enum Scenario
{
    /// <summary>Producers only, one message per request.</summary>
    Send,
    /// <summary>Producers only, ten messages per request.</summary>
    SendBatch,
    /// <summary>Producers send one at a time; consumers receive up to 10 and delete each one.</summary>
    E2e,
    /// <summary>Producers send batches of 10; consumers receive up to 10 and delete them in one batch.</summary>
    E2eBatch,
    /// <summary>FIFO queue, producers only, batches of 10 spread over <c>--groups</c> message groups.</summary>
    FifoSendBatch,
    /// <summary>FIFO queue, one message group: e2e-batch where every message waits for the one before it.</summary>
    FifoE2eOneGroup,
    /// <summary>FIFO queue, <c>--groups</c> message groups spread over the producers: e2e-batch with per-group order.</summary>
    FifoE2eManyGroups,
    /// <summary>SNS topic without subscriptions: producers Publish one message per request.</summary>
    Publish,
    /// <summary>SNS topic without subscriptions: producers PublishBatch ten messages per request.</summary>
    PublishBatch,
    /// <summary>SNS topic with one subscribed queue: Publish, consumers receive and delete from the queue.</summary>
    Fanout1,
    /// <summary>SNS topic with three subscribed queues: a message is done once deleted from all three.</summary>
    Fanout3,
    /// <summary>SNS topic with ten subscribed queues: a message is done once deleted from all ten.</summary>
    Fanout10,
}

public static class ScenarioInfo
{
    private static readonly string[] AllNames =
    [
        "send", "send-batch", "e2e", "e2e-batch", "fifo-send-batch", "fifo-e2e-1g", "fifo-e2e-manyg",
        "publish", "publish-batch", "fanout-1", "fanout-3", "fanout-10",
    ];

    public static IReadOnlyList<string> Names => AllNames;

    public static Scenario Parse(string name) =>
        Array.IndexOf(AllNames, name) is var index and >= 0
            ? (Scenario)index
            : throw new ArgumentException($"unknown scenario '{name}' (expected {string.Join(", ", Names)})");

    public static string Name(this Scenario scenario) => Names[(int)scenario];

    /// <summary>Messages per producer request.</summary>
    public static int BatchSize(this Scenario scenario) =>
        scenario is Scenario.SendBatch or Scenario.E2eBatch or Scenario.FifoSendBatch or Scenario.FifoE2eOneGroup
            or Scenario.FifoE2eManyGroups or Scenario.PublishBatch ? 10 : 1;

    public static bool HasConsumers(this Scenario scenario) =>
        scenario is Scenario.E2e or Scenario.E2eBatch or Scenario.FifoE2eOneGroup or Scenario.FifoE2eManyGroups
        || scenario.Subscribers() > 0;

    /// <summary>A FIFO queue: every message carries a MessageGroupId and a unique MessageDeduplicationId.</summary>
    public static bool IsFifo(this Scenario scenario) =>
        scenario is Scenario.FifoSendBatch or Scenario.FifoE2eOneGroup or Scenario.FifoE2eManyGroups;

    /// <summary>Producers publish to a topic (SNS; AMQP: a fanout exchange) instead of sending to a queue.</summary>
    public static bool IsTopic(this Scenario scenario) => scenario >= Scenario.Publish;

    /// <summary>Queues subscribed to the topic (0 for the queue scenarios and the publish ones).</summary>
    public static int Subscribers(this Scenario scenario) => scenario switch
    {
        Scenario.Fanout1 => 1,
        Scenario.Fanout3 => 3,
        Scenario.Fanout10 => 10,
        _ => 0,
    };

    /// <summary>Queues each message reaches: the subscribers of a fan-out, else the one queue.</summary>
    public static int Copies(this Scenario scenario) => Math.Max(1, scenario.Subscribers());

    /// <summary>
    /// Consumers delete (ack) ten at a time: in the batch scenarios, like their producers, and in the fan-out
    /// ones, whose consumers see every message once per queue and would otherwise measure mostly DeleteMessage.
    /// </summary>
    public static bool DeletesInBatches(this Scenario scenario) => scenario.BatchSize() > 1 || scenario.Subscribers() > 0;

    /// <summary>
    /// Consumer connections of a run: <paramref name="consumersOption"/>, and in a fan-out the same number of
    /// consumers for every queue, at least one each (8 over 3 queues: 3 per queue; over 10 queues: 1 per queue).
    /// </summary>
    public static int ConsumerConnections(this Scenario scenario, int consumersOption)
    {
        if (!scenario.HasConsumers()) return 0;
        var copies = scenario.Copies();
        return (consumersOption + copies - 1) / copies * copies;
    }

    /// <summary>Message groups of a FIFO scenario (0 for the standard ones).</summary>
    public static int Groups(this Scenario scenario, int groupsOption) => scenario switch
    {
        Scenario.FifoE2eOneGroup => 1,
        Scenario.FifoSendBatch or Scenario.FifoE2eManyGroups => groupsOption,
        _ => 0,
    };
}
