using Shoal.Actors.Common;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>
/// DeliveryPolicy validation for topics and HTTP/S subscriptions, and the policy a subscription is
/// delivered with. "Recorded" cases are responses Amazon SNS gave (quoted in public issues and tests);
/// the other reasons follow their wording.
/// </summary>
[Trait("Tier", "Unit")]
public class DeliveryPolicyRulesTests
{
    const string SetAttributes = "Invalid parameter: DeliveryPolicy: ";

    [Fact]
    public void Subscription_policy_from_AWS_docs_is_accepted_with_every_field()
    {
        var policy = Accepted("""
            {
              "healthyRetryPolicy": {
                "minDelayTarget": 1, "maxDelayTarget": 60, "numRetries": 50,
                "numNoDelayRetries": 3, "numMinDelayRetries": 2, "numMaxDelayRetries": 35,
                "backoffFunction": "exponential"
              },
              "throttlePolicy": { "maxReceivesPerSecond": 10 }
            }
            """, forTopic: false);

        Assert.Equal(new RetryPolicy(1, 60, 50, 3, 2, 35, BackoffFunction.Exponential), policy.HealthyRetryPolicy);
        Assert.Equal(10, policy.MaxReceivesPerSecond);
        Assert.Null(policy.HeaderContentType);
        Assert.False(policy.DisableSubscriptionOverrides);
    }

    [Fact]
    public void Topic_policy_reads_the_http_defaults_and_disableSubscriptionOverrides()
    {
        var policy = Accepted("""
            {
              "http": {
                "defaultHealthyRetryPolicy": {
                  "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3,
                  "numMaxDelayRetries": 0, "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear"
                },
                "disableSubscriptionOverrides": true,
                "defaultThrottlePolicy": { "maxReceivesPerSecond": 1 },
                "defaultRequestPolicy": { "headerContentType": "application/json" }
              }
            }
            """, forTopic: true);

        Assert.Equal(RetryPolicy.HttpDefault, policy.HealthyRetryPolicy);
        Assert.Equal(1, policy.MaxReceivesPerSecond);
        Assert.Equal("application/json", policy.HeaderContentType);
        Assert.True(policy.DisableSubscriptionOverrides);
    }

    [Fact]
    public void Phase_counts_default_to_zero_and_the_backoff_to_linear()
    {
        var policy = Accepted("""{"healthyRetryPolicy": {"minDelayTarget": 5, "maxDelayTarget": 10, "numRetries": 4}}""", forTopic: false);

        Assert.Equal(new RetryPolicy(5, 10, 4, 0, 0, 0, BackoffFunction.Linear), policy.HealthyRetryPolicy);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"healthyRetryPolicy": null, "sicklyRetryPolicy": null, "throttlePolicy": null, "guaranteed": false}""")]
    public void Subscription_policy_that_sets_nothing_leaves_every_part_to_the_topic(string json) =>
        Assert.Equal(new DeliveryPolicy(null, null, null), Accepted(json, forTopic: false));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"http": {}}""")]
    [InlineData("""{"http": {"defaultHealthyRetryPolicy": null, "defaultSicklyRetryPolicy": null, "defaultThrottlePolicy": null}}""")]
    public void Topic_policy_that_sets_nothing_leaves_every_part_to_AWS(string json) =>
        Assert.Equal(new DeliveryPolicy(null, null, null), Accepted(json, forTopic: true));

    [Fact]
    public void Numbers_and_booleans_may_come_as_strings_and_fractions_are_cut()
    {
        var policy = Accepted("""
            {"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": "5", "maxDelayTarget": 10.9, "numRetries": 3.0},
                      "disableSubscriptionOverrides": "true"}}
            """, forTopic: true);

        Assert.Equal(new RetryPolicy(5, 10, 3), policy.HealthyRetryPolicy);
        Assert.True(policy.DisableSubscriptionOverrides);
    }

    [Theory]
    [InlineData("EXPONENTIAL", BackoffFunction.Exponential)]
    [InlineData("Geometric", BackoffFunction.Geometric)]
    [InlineData("arithmetic", BackoffFunction.Arithmetic)]
    public void Backoff_function_is_read_whatever_its_case(string name, BackoffFunction expected) =>
        Assert.Equal(expected, Accepted($$$"""{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 20, "numRetries": 5, "backoffFunction": "{{{name}}}"}}""", forTopic: false)
            .HealthyRetryPolicy!.BackoffFunction);

    [Theory]
    [InlineData("text/plain; charset=UTF-8")]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/xml")]
    [InlineData("Application/JSON; charset=utf-8")]
    public void Header_content_type_may_be_text_json_or_xml_with_or_without_the_charset(string contentType) =>
        Assert.Equal(contentType, Accepted($$$"""{"requestPolicy": {"headerContentType": "{{{contentType}}}"}}""", forTopic: false).HeaderContentType);

    [Fact]
    public void Recorded_numRetries_over_100_in_CreateTopic_attributes()
    {
        var rejection = Rejected("""{"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 101}}}""", forTopic: true, inAttributesMap: true);

        Assert.Equal(ErrorCode.InvalidParameter, rejection.Code);
        Assert.Equal("Invalid parameter: Attributes Reason: DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100", rejection.Message);
    }

    [Fact]
    public void Recorded_minDelayTarget_of_zero_in_Subscribe_attributes()
    {
        var rejection = Rejected("""
            {"healthyRetryPolicy": {"numRetries": 0, "minDelayTarget": 0, "maxDelayTarget": 0, "numMinDelayRetries": 0,
                                    "numMaxDelayRetries": 0, "numNoDelayRetries": 0, "backoffFunction": "exponential"}}
            """, forTopic: false, inAttributesMap: true);

        Assert.Equal("Invalid parameter: Attributes Reason: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1", rejection.Message);
    }

    [Fact]
    public void Recorded_subscription_member_in_a_topic_policy_is_unexpected() =>
        Assert.Equal(SetAttributes + "Unexpected JSON member: throttlePolicy",
            Rejected("""{"http": {}, "throttlePolicy": {"maxReceivesPerSecond": 1}}""", forTopic: true).Message);

    /// <summary>(policy, reason after "DeliveryPolicy: ") for a subscription's policy.</summary>
    public static TheoryData<string, string> SubscriptionRejections() => new()
    {
        { "{not json}", "failed to parse JSON." },
        { "[]", "failed to parse JSON." },
        { "\"policy\"", "failed to parse JSON." },
        { """{"http": {}}""", "Unexpected JSON member: http" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 2, "numRetries": 1, "retries": 1}}""", "Unexpected JSON member: retries" },
        { """{"healthyRetryPolicy": 5}""", "healthyRetryPolicy must be a JSON object" },
        { """{"healthyRetryPolicy": {"maxDelayTarget": 20, "numRetries": 3}}""", "healthyRetryPolicy.minDelayTarget must be specified" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 20, "numRetries": 3}}""", "healthyRetryPolicy.maxDelayTarget must be specified" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 20, "maxDelayTarget": 20}}""", "healthyRetryPolicy.numRetries must be specified" },
        { """{"healthyRetryPolicy": {"minDelayTarget": "soon", "maxDelayTarget": 20, "numRetries": 3}}""", "healthyRetryPolicy.minDelayTarget must be an integer" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 3601, "numRetries": 0}}""", "healthyRetryPolicy.maxDelayTarget must be less than or equal to 3600" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 30, "maxDelayTarget": 20, "numRetries": 3}}""", "healthyRetryPolicy.maxDelayTarget must be greater than or equal to minDelayTarget" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": -1}}""", "healthyRetryPolicy.numRetries must be greater than or equal to 0" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 3, "numNoDelayRetries": -1}}""", "healthyRetryPolicy.numNoDelayRetries must be greater than or equal to 0" },
        {
            """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 5, "numNoDelayRetries": 2, "numMinDelayRetries": 2, "numMaxDelayRetries": 2}}""",
            "healthyRetryPolicy.numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and numMaxDelayRetries"
        },
        {
            """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 5, "numNoDelayRetries": 2147483647, "numMinDelayRetries": 2}}""",
            "healthyRetryPolicy.numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and numMaxDelayRetries"
        },
        { """{"healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 1, "backoffFunction": "cubic"}}""", "healthyRetryPolicy.backoffFunction must be one of linear, arithmetic, geometric or exponential" },
        { """{"healthyRetryPolicy": {"minDelayTarget": 3600, "maxDelayTarget": 3600, "numRetries": 2}}""", "healthyRetryPolicy: total retry time must be less than or equal to 3600 seconds" },
        { """{"sicklyRetryPolicy": {"minDelayTarget": 0, "maxDelayTarget": 1, "numRetries": 1}}""", "sicklyRetryPolicy.minDelayTarget must be greater than or equal to 1" },
        { """{"throttlePolicy": {"maxReceivesPerSecond": 0}}""", "throttlePolicy.maxReceivesPerSecond must be greater than or equal to 1" },
        { """{"requestPolicy": {"headerContentType": "text/html"}}""", "requestPolicy.headerContentType must be one of: text/plain, text/plain; charset=UTF-8, application/json, application/json; charset=UTF-8, application/xml, application/xml; charset=UTF-8" },
        { """{"guaranteed": "maybe"}""", "guaranteed must be a boolean" },
    };

    [Theory]
    [MemberData(nameof(SubscriptionRejections))]
    public void Subscription_policy_is_rejected_with_the_field_and_the_limit(string json, string reason)
    {
        var rejection = Rejected(json, forTopic: false);

        Assert.Equal(ErrorCode.InvalidParameter, rejection.Code);
        Assert.Equal(SetAttributes + reason, rejection.Message);
    }

    /// <summary>(policy, reason after "DeliveryPolicy: ") for a topic's policy: paths start at "http.".</summary>
    public static TheoryData<string, string> TopicRejections() => new()
    {
        { """{"healthyRetryPolicy": {}}""", "Unexpected JSON member: healthyRetryPolicy" },
        { """{"http": {"healthyRetryPolicy": {}}}""", "Unexpected JSON member: healthyRetryPolicy" },
        { """{"http": 1}""", "http must be a JSON object" },
        { """{"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 20, "maxDelayTarget": 10, "numRetries": 3}}}""", "http.defaultHealthyRetryPolicy.maxDelayTarget must be greater than or equal to minDelayTarget" },
        { """{"http": {"defaultThrottlePolicy": {"maxReceivesPerSecond": -1}}}""", "http.defaultThrottlePolicy.maxReceivesPerSecond must be greater than or equal to 1" },
        { """{"http": {"defaultRequestPolicy": {"headerContentType": 5}}}""", "http.defaultRequestPolicy.headerContentType must be one of: text/plain, text/plain; charset=UTF-8, application/json, application/json; charset=UTF-8, application/xml, application/xml; charset=UTF-8" },
        { """{"http": {"disableSubscriptionOverrides": 1}}""", "http.disableSubscriptionOverrides must be a boolean" },
    };

    [Theory]
    [MemberData(nameof(TopicRejections))]
    public void Topic_policy_is_rejected_with_the_field_under_http(string json, string reason) =>
        Assert.Equal(SetAttributes + reason, Rejected(json, forTopic: true).Message);

    [Fact]
    public void Policy_at_the_limits_is_accepted()
    {
        // 100 retries, 36 of them a full 100 seconds apart: 3,600 seconds in all.
        var policy = Accepted("""
            {"healthyRetryPolicy": {"minDelayTarget": 100, "maxDelayTarget": 100, "numRetries": 100, "numNoDelayRetries": 64}}
            """, forTopic: false);

        Assert.Equal(TimeSpan.FromSeconds(3600), RetrySchedule.TotalRetryTime(policy.HealthyRetryPolicy!));
    }

    static readonly RetryPolicy Patient = new(5, 60, 10, BackoffFunction: BackoffFunction.Geometric);
    static readonly RetryPolicy Hasty = new(1, 1, 1);

    [Fact]
    public void Subscription_is_delivered_with_its_own_policy_when_the_topic_allows_overrides()
    {
        var effective = DeliveryPolicy.Effective(
            new DeliveryPolicy(Patient, 5, "application/json"),
            new DeliveryPolicy(Hasty, 50, "application/xml"));

        Assert.Equal(new EffectiveDeliveryPolicy(Patient, 5, "application/json"), effective);
    }

    [Fact]
    public void Topic_that_disables_overrides_has_its_defaults_used_over_the_subscriptions_policy()
    {
        var effective = DeliveryPolicy.Effective(
            new DeliveryPolicy(Patient, 5, "application/json"),
            new DeliveryPolicy(Hasty, null, null, DisableSubscriptionOverrides: true));

        Assert.Equal(new EffectiveDeliveryPolicy(Hasty, null, EffectiveDeliveryPolicy.DefaultHeaderContentType), effective);
    }

    [Fact]
    public void Part_the_subscription_leaves_out_comes_from_the_topic_then_from_AWS()
    {
        var effective = DeliveryPolicy.Effective(new DeliveryPolicy(null, 5, null), new DeliveryPolicy(Patient, null, null));

        Assert.Equal(new EffectiveDeliveryPolicy(Patient, 5, EffectiveDeliveryPolicy.DefaultHeaderContentType), effective);
    }

    [Fact]
    public void With_no_policy_anywhere_delivery_follows_AWS_default_of_3_retries_20_seconds_apart_unthrottled_as_text_plain()
    {
        var effective = DeliveryPolicy.Effective(null, null);

        Assert.Equal(EffectiveDeliveryPolicy.HttpDefault, effective);
        Assert.Equal(new RetryPolicy(20, 20, 3, 0, 0, 0, BackoffFunction.Linear), effective.HealthyRetryPolicy);
        Assert.Null(effective.MaxReceivesPerSecond);
        Assert.Equal("text/plain; charset=UTF-8", effective.HeaderContentType);
    }

    static DeliveryPolicy Accepted(string json, bool forTopic)
    {
        var validation = DeliveryPolicyRules.Validate(json, forTopic);
        Assert.Null(validation.Rejection);
        return validation.Policy!;
    }

    static Rejection Rejected(string json, bool forTopic, bool inAttributesMap = false)
    {
        var validation = DeliveryPolicyRules.Validate(json, forTopic, inAttributesMap);
        Assert.Null(validation.Policy);
        return validation.Rejection!;
    }
}
