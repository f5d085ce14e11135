namespace Shoal.Bench.Load;

/// <summary>The four workloads; each one exists for SQS (HTTP) and AMQP targets alike.</summary>
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
}

public static class ScenarioInfo
{
    public static readonly IReadOnlyList<string> Names = ["send", "send-batch", "e2e", "e2e-batch"];

    public static Scenario Parse(string name) => name switch
    {
        "send" => Scenario.Send,
        "send-batch" => Scenario.SendBatch,
        "e2e" => Scenario.E2e,
        "e2e-batch" => Scenario.E2eBatch,
        _ => throw new ArgumentException($"unknown scenario '{name}' (expected {string.Join(", ", Names)})"),
    };

    public static string Name(this Scenario scenario) => Names[(int)scenario];

    /// <summary>Messages per producer request.</summary>
    public static int BatchSize(this Scenario scenario) =>
        scenario is Scenario.SendBatch or Scenario.E2eBatch ? 10 : 1;

    public static bool HasConsumers(this Scenario scenario) =>
        scenario is Scenario.E2e or Scenario.E2eBatch;
}
