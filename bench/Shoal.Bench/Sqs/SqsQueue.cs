using Shoal.Bench.Http;

namespace Shoal.Bench.Sqs;

/// <summary>One queue on an SQS server: created under a name, its URL kept for the workers' requests.</summary>
public sealed class SqsQueue
{
    // Longer than any drain, so a received-but-not-yet-deleted message is never handed out twice.
    private const int VisibilityTimeoutSeconds = 120;

    private readonly SqsWire _wire;
    private readonly byte[] _urlJson;

    private SqsQueue(SqsWire wire, string name, byte[] urlJson)
    {
        _wire = wire;
        Name = name;
        _urlJson = urlJson;
    }

    public string Name { get; }

    /// <summary>Request builders for one worker (they reuse their buffers).</summary>
    public SqsRequests Requests() => new(_wire, _urlJson);

    /// <summary>CreateQueue; a FIFO queue gets FifoQueue=true and no content-based deduplication. An existing queue is looked up.</summary>
    public static async Task<SqsQueue> CreateAsync(
        RawHttpConnection connection, SqsWire wire, string name, bool fifo, CancellationToken cancellation)
    {
        var response = await connection.SendAsync(SqsRequests.CreateQueue(wire, name, VisibilityTimeoutSeconds, fifo), cancellation);
        if (response.Status != 200 || SqsResponses.QueueUrl(response.Body.Span) is not { } url)
            throw new InvalidOperationException(
                $"CreateQueue {name} failed: {SqsResponses.ErrorKind(response.Status, response.Body.Span)}");
        return new SqsQueue(wire, name, url);
    }

    /// <summary>The queue's ARN (GetQueueAttributes QueueArn): each server has its own account id and region.</summary>
    public async Task<string> ArnAsync(RawHttpConnection connection, CancellationToken cancellation)
    {
        var response = await connection.SendAsync(Requests().GetQueueArn(), cancellation);
        if (response.Status != 200 || SqsResponses.QueueArn(response.Body.Span) is not { } arn)
            throw new InvalidOperationException(
                $"GetQueueAttributes {Name} QueueArn failed: {SqsResponses.ErrorKind(response.Status, response.Body.Span)}");
        return arn;
    }

    /// <summary>DeleteQueue; a failure is reported, not thrown (the run's figures are already taken).</summary>
    public async Task DeleteAsync(RawHttpConnection connection, CancellationToken cancellation)
    {
        var response = await connection.SendAsync(Requests().DeleteQueue(), cancellation);
        if (response.Status != 200)
            Console.Error.WriteLine($"DeleteQueue {Name}: {SqsResponses.ErrorKind(response.Status, response.Body.Span)}");
    }
}
