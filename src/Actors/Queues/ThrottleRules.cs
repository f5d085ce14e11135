namespace Shoal.Actors.Queues;

/// <summary>The message actions AWS throttles on FIFO queues; a single call and its batch share one quota.</summary>
public enum ThrottledAction
{
    SendMessage,
    ReceiveMessage,
    DeleteMessage,
    ChangeMessageVisibility,
}

/// <summary>
/// Throttling mode (off unless configured per queue): the API call quotas AWS enforces on FIFO queues,
/// so users can exercise their retry paths. Over the quota a call is refused with RequestThrottled,
/// which the SDKs treat as throttling and retry with backoff.
/// </summary>
public static class ThrottleRules
{
    /// <summary>
    /// FIFO queues: 300 API calls per second per action; with batches of 10 that is 3,000 messages per
    /// second (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html).
    /// </summary>
    public const int FifoCallsPerSecond = 300;

    /// <summary>
    /// High-throughput FIFO queues (FifoThroughputLimit=perMessageGroupId): up to 70,000 calls per second
    /// per action (700,000 messages with batching) in us-east-1, us-west-2 and eu-west-1, lower in other
    /// Regions; Shoal is us-east-1 (quotas-messages.html, "High throughput for FIFO queues").
    /// </summary>
    public const int HighThroughputFifoCallsPerSecond = 70_000;

    /// <summary>The throttled action a command is, or null for the actions that are never throttled.</summary>
    public static ThrottledAction? ActionOf(IQueueCommand command) => command switch
    {
        SendMessages => ThrottledAction.SendMessage,
        ReceiveMessages => ThrottledAction.ReceiveMessage,
        DeleteMessages => ThrottledAction.DeleteMessage,
        ChangeVisibility => ThrottledAction.ChangeMessageVisibility,
        _ => null,
    };

    /// <summary>
    /// Calls per second per action for a throttled queue. AWS has no quota for standard queues;
    /// they get <paramref name="standardCallsPerSecond"/> (0: never throttled).
    /// </summary>
    public static int CallsPerSecond(QueueState state, int standardCallsPerSecond) =>
        !state.IsFifo ? standardCallsPerSecond
        : state.Attribute(FifoRules.FifoThroughputLimit) == "perMessageGroupId" ? HighThroughputFifoCallsPerSecond
        : FifoCallsPerSecond;

    /// <summary>Whether a queue name matches one of the patterns, where <c>*</c> stands for any run of characters.</summary>
    public static bool IsThrottled(IEnumerable<string> patterns, string queueName) =>
        patterns.Any(pattern => Matches(pattern, queueName));

    /// <summary>Whole-name, case-sensitive (as queue names are) match of a pattern with <c>*</c> wildcards.</summary>
    public static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                // Let the last star swallow one more character and retry from there.
                p = star + 1;
                n = ++resume;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}

/// <summary>
/// A token bucket holding up to one second of calls, refilled continuously at <see cref="Rate"/> calls per
/// second. Pure: time comes in as epoch milliseconds, and taking a token gives the next bucket. Tokens are
/// kept in thousandths so the refill needs no floating point.
/// </summary>
public readonly record struct TokenBucket(int Rate, long MilliTokens, long At)
{
    const long PerCall = 1000;

    public static TokenBucket Full(int rate, long now) => new(rate, rate * PerCall, now);

    /// <summary>Takes one call's token if there is a whole one: whether the call may go ahead, and the bucket after it.</summary>
    public (bool Allowed, TokenBucket Next) Take(long now)
    {
        var elapsed = Math.Max(0, now - At);
        var tokens = Math.Min(Rate * PerCall, MilliTokens + elapsed * Rate);
        var at = Math.Max(At, now);
        return tokens >= PerCall ? (true, new(Rate, tokens - PerCall, at)) : (false, new(Rate, tokens, at));
    }
}
