using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// When each retry happens under a retry policy ("Amazon SNS message delivery retries"): the immediate,
/// pre-backoff, backoff and post-backoff phases, the four backoff functions, AWS's default for HTTP/S and
/// the fixed policy for AWS-managed endpoints.
/// </summary>
[Trait("Tier", "Unit")]
public class RetryScheduleTests
{
    [Fact]
    public void Default_policy_retries_three_times_20_seconds_apart_then_is_exhausted()
    {
        var policy = RetryPolicy.HttpDefault;

        Assert.Equal([20.0, 20.0, 20.0], Delays(policy));
        Assert.Null(RetrySchedule.DelayBefore(policy, 4));
        Assert.False(RetrySchedule.IsExhausted(policy, 2));
        Assert.True(RetrySchedule.IsExhausted(policy, 3));
        Assert.Equal(TimeSpan.FromSeconds(60), RetrySchedule.TotalRetryTime(policy));
    }

    [Fact]
    public void Linear_backoff_from_20_to_40_over_3_retries_is_20_30_40_as_AWS_docs_describe() =>
        Assert.Equal([20.0, 30.0, 40.0], Delays(new RetryPolicy(20, 40, 3)));

    [Theory]
    [InlineData(BackoffFunction.Linear)]
    [InlineData(BackoffFunction.Arithmetic)]
    [InlineData(BackoffFunction.Geometric)]
    [InlineData(BackoffFunction.Exponential)]
    public void Each_backoff_function_rises_from_the_minimum_delay_to_the_maximum(BackoffFunction function)
    {
        // The policy of AWS's backoff graph: 10 retries from 5 to 260 seconds.
        var delays = Delays(new RetryPolicy(5, 260, 10, BackoffFunction: function));

        Assert.Equal(10, delays.Count);
        Assert.Equal(5, delays[0]);
        Assert.Equal(260, delays[^1]);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Item1 <= pair.Item2, $"{function}: {string.Join(", ", delays)}"));
    }

    [Theory]
    [InlineData(BackoffFunction.Arithmetic)]
    [InlineData(BackoffFunction.Geometric)]
    [InlineData(BackoffFunction.Exponential)]
    public void Curved_backoff_functions_start_slower_than_linear_and_catch_up_at_the_end(BackoffFunction function)
    {
        var linear = Delays(new RetryPolicy(5, 260, 10));
        var curved = Delays(new RetryPolicy(5, 260, 10, BackoffFunction: function));

        Assert.All(Enumerable.Range(1, 8), i => Assert.True(curved[i] < linear[i], $"{function} retry {i + 1}: {curved[i]} vs {linear[i]}"));
    }

    [Fact]
    public void Exponential_rises_latest_then_geometric_then_arithmetic()
    {
        double Middle(BackoffFunction function) => Delays(new RetryPolicy(5, 260, 10, BackoffFunction: function))[4];

        Assert.True(Middle(BackoffFunction.Exponential) < Middle(BackoffFunction.Geometric));
        Assert.True(Middle(BackoffFunction.Geometric) < Middle(BackoffFunction.Arithmetic));
    }

    [Fact]
    public void Phases_run_immediate_then_at_the_minimum_then_backing_off_then_at_the_maximum()
    {
        // AWS's sample policy: 3 immediately, 2 a second apart, 10 backing off from 1 to 60 seconds, 35 a minute apart.
        var policy = new RetryPolicy(1, 60, 50, NumNoDelayRetries: 3, NumMinDelayRetries: 2, NumMaxDelayRetries: 35, BackoffFunction: BackoffFunction.Exponential);
        var delays = Delays(policy);

        Assert.Equal(50, delays.Count);
        Assert.Equal([0.0, 0.0, 0.0], delays[..3]);
        Assert.Equal([1.0, 1.0], delays[3..5]);
        Assert.Equal(1, delays[5]);
        Assert.Equal(60, delays[14]);
        Assert.All(delays[15..], delay => Assert.Equal(60, delay));
        Assert.Null(RetrySchedule.DelayBefore(policy, 51));
    }

    [Fact]
    public void Backoff_phase_of_one_retry_waits_the_minimum_delay() =>
        Assert.Equal([0.0, 10.0, 30.0], Delays(new RetryPolicy(10, 30, 3, NumNoDelayRetries: 1, NumMaxDelayRetries: 1)));

    [Fact]
    public void Policy_of_only_fixed_phases_has_no_backoff_retries() =>
        Assert.Equal([0.0, 0.0, 10.0, 30.0], Delays(new RetryPolicy(10, 30, 4, NumNoDelayRetries: 2, NumMinDelayRetries: 1, NumMaxDelayRetries: 1)));

    [Fact]
    public void Policy_of_no_retries_is_exhausted_at_once()
    {
        var policy = new RetryPolicy(1, 1, 0);

        Assert.True(RetrySchedule.IsExhausted(policy, 0));
        Assert.Null(RetrySchedule.DelayBefore(policy, 1));
    }

    [Fact]
    public void AWS_managed_endpoints_get_3_immediate_2_at_a_second_10_backing_off_to_20_seconds_then_100000_at_20_seconds()
    {
        TimeSpan? Before(int retry) => RetrySchedule.DelayBeforeAwsManagedRetry(retry);

        Assert.All(Enumerable.Range(1, 3), retry => Assert.Equal(TimeSpan.Zero, Before(retry)));
        Assert.All(Enumerable.Range(4, 2), retry => Assert.Equal(TimeSpan.FromSeconds(1), Before(retry)));
        Assert.Equal(TimeSpan.FromSeconds(1), Before(6));
        Assert.True(Before(10) < Before(15));
        Assert.Equal(TimeSpan.FromSeconds(20), Before(15));
        Assert.Equal(TimeSpan.FromSeconds(20), Before(16));
        Assert.Equal(TimeSpan.FromSeconds(20), Before(100_015));
        Assert.Null(Before(100_016));
        Assert.True(RetrySchedule.IsExhausted(RetryPolicy.AwsManagedEndpoint, 100_015));
    }

    [Fact]
    public void AWS_managed_schedule_spans_23_days()
    {
        var total = RetrySchedule.TotalRetryTime(RetryPolicy.AwsManagedEndpoint);

        Assert.InRange(total, TimeSpan.FromDays(23), TimeSpan.FromDays(24));
    }

    [Fact]
    public void Retries_are_counted_from_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.DelayBefore(RetryPolicy.HttpDefault, 0));

    static List<double> Delays(RetryPolicy policy) =>
        [.. Enumerable.Range(1, policy.NumRetries).Select(retry => RetrySchedule.DelayBefore(policy, retry)!.Value.TotalSeconds)];
}
