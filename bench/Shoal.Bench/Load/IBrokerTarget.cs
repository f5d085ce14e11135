namespace Shoal.Bench.Load;

/// <summary>A broker under test, reached over one protocol (SQS JSON 1.0 or SNS Query over HTTP, or AMQP 0-9-1).</summary>
public interface IBrokerTarget : IAsyncDisposable
{
    /// <summary>Short protocol name for the report ("sqs-json", "sns-query", "amqp").</summary>
    string Protocol { get; }

    /// <summary>The queue (or topic and queues) in use, known after <see cref="SetupAsync"/>.</summary>
    string QueueName { get; }

    /// <summary>Creates (or looks up) the queue; for a topic scenario, the topic and its subscribed queues.</summary>
    Task SetupAsync(CancellationToken cancellation);

    /// <summary>Deletes what this run created.</summary>
    Task TeardownAsync(CancellationToken cancellation);

    /// <summary>Opens a producer with its own connection.</summary>
    Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation);

    /// <summary>Opens a consumer with its own connection.</summary>
    Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation);
}

public interface IProducer : IAsyncDisposable
{
    /// <summary>
    /// Sends messages <paramref name="firstId"/> … <paramref name="firstId"/>+<paramref name="count"/>-1 in one
    /// request (one message: a single send; more: a batch), records the request's latency and any error,
    /// and returns a bit mask of the messages the broker acknowledged.
    /// </summary>
    ValueTask<int> SendAsync(long firstId, int count, CancellationToken cancellation);
}

public interface IConsumer : IAsyncDisposable
{
    /// <summary>
    /// Receives and deletes messages (reporting each to <see cref="RunContext"/>) until <paramref name="stop"/>
    /// fires; then finishes the request in flight (a long poll included) and returns.
    /// </summary>
    Task RunAsync(CancellationToken stop);
}

public static class BrokerNames
{
    /// <summary>A new queue, topic or exchange name: <c>bench-HHmmss-xxxx</c>.</summary>
    public static string Unique() => $"bench-{DateTime.UtcNow:HHmmss}-{Random.Shared.Next(0x10000):x4}";
}
