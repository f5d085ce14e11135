using System.Net;
using Shoal.Bench.Cli;
using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Sqs;

namespace Shoal.Bench.Sns;

/// <summary>
/// A topic on an SNS-compatible server (the AWS Query protocol) with the scenario's SQS queues subscribed to it
/// (SQS JSON 1.0 on the same port): producers publish to the topic, consumers receive from the queues.
/// </summary>
public sealed class SnsTarget(BenchOptions options) : IBrokerTarget
{
    private readonly SqsWire _sqs = new(options.Endpoint);
    private readonly SnsWire _sns = new(options.Endpoint);
    private readonly EndPoint _endPoint = RawHttpConnection.LoopbackEndPoint(options.Endpoint);
    private readonly List<SqsQueue> _queues = [];
    private readonly List<string> _subscriptions = [];
    private string? _topicArn;
    private byte[] _topicArnForm = [];
    private int _consumers;

    public string Protocol => "sns-query";
    public string QueueName { get; private set; } = "";

    public async Task SetupAsync(CancellationToken cancellation)
    {
        var name = BrokerNames.Unique();
        var subscribers = options.Scenario.Subscribers();
        QueueName = subscribers == 0 ? $"topic {name} (no subscriptions)" : $"topic {name} → queues {name}-q0…q{subscribers - 1} (raw delivery)";
        using var connection = new RawHttpConnection(_endPoint);
        _topicArn = await CallAsync(connection, SnsRequests.CreateTopic(_sns, name), "CreateTopic", "TopicArn", cancellation);
        _topicArnForm = SnsWire.FormValue(_topicArn);
        for (var i = 0; i < subscribers; i++)
        {
            var queue = await SqsQueue.CreateAsync(connection, _sqs, $"{name}-q{i}", fifo: false, cancellation);
            _queues.Add(queue);
            var queueArn = await queue.ArnAsync(connection, cancellation);
            var subscription = await CallAsync(connection, SnsRequests.Subscribe(_sns, _topicArn, queueArn), "Subscribe", "SubscriptionArn", cancellation);
            if (subscription == "pending confirmation")
                throw new InvalidOperationException($"Subscribe {queue.Name}: the SQS subscription awaits confirmation");
            _subscriptions.Add(subscription);
        }
    }

    public async Task TeardownAsync(CancellationToken cancellation)
    {
        using var connection = new RawHttpConnection(_endPoint);
        foreach (var subscription in _subscriptions)
            await CallAsync(connection, SnsRequests.Unsubscribe(_sns, subscription), "Unsubscribe", null, cancellation, throwOnError: false);
        if (_topicArn is not null)
            await CallAsync(connection, SnsRequests.DeleteTopic(_sns, _topicArn), "DeleteTopic", null, cancellation, throwOnError: false);
        foreach (var queue in _queues)
            await queue.DeleteAsync(connection, cancellation);
    }

    public Task<IProducer> NewProducerAsync(RunContext run, CancellationToken cancellation) =>
        Task.FromResult<IProducer>(new SnsProducer(run, new RawHttpConnection(_endPoint), new SnsRequests(_sns, _topicArnForm, options.BodySize)));

    /// <summary>Consumers go to the queues in turn, so each queue gets the same number (see <see cref="ScenarioInfo.ConsumerConnections"/>).</summary>
    public Task<IConsumer> NewConsumerAsync(RunContext run, CancellationToken cancellation)
    {
        var copy = (Interlocked.Increment(ref _consumers) - 1) % _queues.Count;
        return Task.FromResult<IConsumer>(new SqsConsumer(run, new RawHttpConnection(_endPoint), _queues[copy].Requests(), copy));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Sends a setup request; returns the reply's <paramref name="element"/>, or throws (or, in teardown, reports) an error reply.</summary>
    private static async Task<string> CallAsync(RawHttpConnection connection, ReadOnlyMemory<byte> request, string action,
        string? element, CancellationToken cancellation, bool throwOnError = true)
    {
        var response = await connection.SendAsync(request, cancellation);
        var value = element is null ? "" : SnsResponses.Element(response.Body.Span, element);
        if (response.Status == 200 && value is not null)
            return value;
        var error = $"{action} failed: {(response.Status == 200 ? $"reply without {element}" : SnsResponses.ErrorKind(response.Status, response.Body.Span))}";
        if (throwOnError)
            throw new InvalidOperationException(error);
        Console.Error.WriteLine(error);
        return "";
    }
}
