namespace Shoal.Bench.Load;

/// <summary>The workloads; each one exists for SQS (HTTP) and AMQP targets alike.</summary>
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
}

public static class ScenarioInfo
{
    private static readonly string[] AllNames =
        ["send", "send-batch", "e2e", "e2e-batch", "fifo-send-batch", "fifo-e2e-1g", "fifo-e2e-manyg"];

    public static IReadOnlyList<string> Names => AllNames;

    public static Scenario Parse(string name) =>
        Array.IndexOf(AllNames, name) is var index and >= 0
            ? (Scenario)index
            : throw new ArgumentException($"unknown scenario '{name}' (expected {string.Join(", ", Names)})");

    public static string Name(this Scenario scenario) => Names[(int)scenario];

    /// <summary>Messages per producer request.</summary>
    public static int BatchSize(this Scenario scenario) => scenario is Scenario.Send or Scenario.E2e ? 1 : 10;

    public static bool HasConsumers(this Scenario scenario) =>
        scenario is Scenario.E2e or Scenario.E2eBatch or Scenario.FifoE2eOneGroup or Scenario.FifoE2eManyGroups;

    /// <summary>A FIFO queue: every message carries a MessageGroupId and a unique MessageDeduplicationId.</summary>
    public static bool IsFifo(this Scenario scenario) => scenario >= Scenario.FifoSendBatch;

    /// <summary>Message groups of a FIFO scenario (0 for the standard ones).</summary>
    public static int Groups(this Scenario scenario, int groupsOption) => scenario switch
    {
        Scenario.FifoE2eOneGroup => 1,
        Scenario.FifoSendBatch or Scenario.FifoE2eManyGroups => groupsOption,
        _ => 0,
    };
}
