namespace Shoal.Actors.Topics;

/// <summary>
/// When SNS makes each retry a <see cref="RetryPolicy"/> allows, counted from the failed attempt before it.
/// The backoff phase runs from minDelayTarget at its first retry to maxDelayTarget at its last. AWS draws
/// the four backoff functions but gives no formulas; these are the curves of Comcast's CMB (an SNS
/// reimplementation), which have the drawn shapes: linear a straight line, arithmetic a parabola,
/// geometric (max - min + 1)^t, exponential e^(n·t), t going from 0 to 1 across the phase. SNS adds
/// jitter to the delays; that is the sender's to add, not part of the schedule.
/// </summary>
public static class RetrySchedule
{
    /// <summary>The delay before retry <paramref name="retry"/> (the first is 1), or null when the policy has no such retry.</summary>
    public static TimeSpan? DelayBefore(RetryPolicy policy, int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        if (retry > policy.NumRetries) return null;
        if (retry <= policy.NumNoDelayRetries) return TimeSpan.Zero;
        var afterImmediate = retry - policy.NumNoDelayRetries;
        if (afterImmediate <= policy.NumMinDelayRetries) return TimeSpan.FromSeconds(policy.MinDelayTarget);
        var step = afterImmediate - policy.NumMinDelayRetries;
        return step <= policy.NumBackoffRetries ? Backoff(policy, step) : TimeSpan.FromSeconds(policy.MaxDelayTarget);
    }

    /// <summary>Whether a delivery that has been retried <paramref name="retriesMade"/> times has no retry left.</summary>
    public static bool IsExhausted(RetryPolicy policy, int retriesMade) => retriesMade >= policy.NumRetries;

    /// <summary>The delay before retry <paramref name="retry"/> to an SQS queue or Lambda function, or null after the last.</summary>
    public static TimeSpan? DelayBeforeAwsManagedRetry(int retry) => DelayBefore(RetryPolicy.AwsManagedEndpoint, retry);

    /// <summary>The sum of every retry's delay: what the 3,600-second limit on a policy bounds.</summary>
    public static TimeSpan TotalRetryTime(RetryPolicy policy)
    {
        var total = TimeSpan.FromSeconds((long)policy.NumMinDelayRetries * policy.MinDelayTarget + (long)policy.NumMaxDelayRetries * policy.MaxDelayTarget);
        for (var step = 1; step <= policy.NumBackoffRetries; step++) total += Backoff(policy, step);
        return total;
    }

    /// <summary>The delay of the backoff phase's retry <paramref name="step"/> (1 to NumBackoffRetries), to the millisecond.</summary>
    static TimeSpan Backoff(RetryPolicy policy, int step)
    {
        double min = policy.MinDelayTarget, max = policy.MaxDelayTarget, span = max - min;
        var last = policy.NumBackoffRetries - 1;
        // A phase of one retry makes it at the minimum delay, where the phase starts.
        if (last == 0) return TimeSpan.FromSeconds(policy.MinDelayTarget);
        var t = (step - 1) / (double)last;
        var seconds = policy.BackoffFunction switch
        {
            BackoffFunction.Linear => min + span * t,
            BackoffFunction.Arithmetic => min + span * t * t,
            BackoffFunction.Geometric => min - 1 + Math.Pow(span + 1, t),
            // (e^(step-1) - 1) / (e^last - 1), written so a long phase does not overflow.
            _ => min + span * (Math.Exp(step - 1 - last) - Math.Exp(-last)) / (1 - Math.Exp(-last)),
        };
        return TimeSpan.FromMilliseconds((long)Math.Round(Math.Clamp(seconds, min, max) * 1000));
    }
}
