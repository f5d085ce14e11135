using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Topics;

namespace Shoal.Tests.Unit;

/// <summary>The SNS topic rules: lifecycle, attributes, subscriptions and what a publish puts in the outbox.</summary>
[Trait("Tier", "Unit")]
public class TopicTests
{
    static readonly Dictionary<string, string> None = new();

    [Fact]
    public void CreateTopic_is_idempotent_and_returns_the_arn()
    {
        var topic = TestTopic.Created("alerts");
        var again = Expect.Reply<TopicCreatedResult>(topic.Run(new CreateTopic(topic.TopicId, "alerts", None, None)));
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:alerts", again.TopicArn);
        Assert.Single(topic.Events.OfType<TopicCreated>());
    }

    [Fact]
    public void CreateTopic_with_other_tags_than_the_existing_topic_is_rejected()
    {
        var topic = TestTopic.Missing("tagged");
        topic.Run(new CreateTopic(topic.TopicId, "tagged", None, new Dictionary<string, string> { ["team"] = "a" }));
        var rejection = Expect.Rejection(ErrorCode.InvalidParameter,
            topic.Run(new CreateTopic(topic.TopicId, "tagged", None, new Dictionary<string, string> { ["team"] = "b" })));
        Assert.Contains("different tags", rejection.Message);
    }

    [Theory]
    [InlineData("has space", false)]
    [InlineData("dot.ted", false)]
    [InlineData("", false)]
    [InlineData("ends.fifo", false)]
    [InlineData("no-suffix", true)]
    public void Topic_names_outside_the_rules_are_invalid_parameters(string name, bool fifo)
    {
        var topic = TestTopic.Missing(name);
        var attributes = fifo ? new Dictionary<string, string> { ["FifoTopic"] = "true" } : None;
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new CreateTopic(topic.TopicId, name, attributes, None)));
    }

    [Fact]
    public void A_name_of_256_characters_is_allowed_and_257_is_not()
    {
        Assert.Null(TopicAttributeRules.ValidateName(new string('a', 256), fifo: false));
        Assert.NotNull(TopicAttributeRules.ValidateName(new string('a', 257), fifo: false));
    }

    [Fact]
    public void Deleting_a_missing_topic_succeeds_and_a_deleted_topic_is_not_found()
    {
        var missing = TestTopic.Missing();
        Expect.Reply<Done>(missing.Run(new DeleteTopic(missing.TopicId)));
        var topic = TestTopic.Created();
        Expect.Reply<Done>(topic.Run(new DeleteTopic(topic.TopicId)));
        Expect.Rejection(ErrorCode.NotFound, topic.Run(new GetTopicAttributes(topic.TopicId)));
        Expect.Rejection(ErrorCode.NotFound, topic.Publish(TestTopic.Entry("hello")));
        Expect.Rejection(ErrorCode.ResourceNotFound, topic.Run(new ListTopicTags(topic.TopicId)));
    }

    [Fact]
    public void Topic_attributes_report_the_defaults_and_subscription_counts()
    {
        var topic = TestTopic.Created();
        topic.SubscribeQueue("q1");
        topic.Run(new Subscribe(topic.TopicId, "web", "http", "http://127.0.0.1:9/hook", None, "tok"));
        var gone = topic.SubscribeQueue("q2");
        topic.Run(new Unsubscribe(topic.TopicId, gone));
        var attributes = Expect.Reply<TopicAttributesResult>(topic.Run(new GetTopicAttributes(topic.TopicId))).Attributes;
        Assert.Equal(topic.Arn, attributes["TopicArn"]);
        Assert.Equal("000000000000", attributes["Owner"]);
        Assert.Equal("1", attributes["SubscriptionsConfirmed"]);
        Assert.Equal("1", attributes["SubscriptionsPending"]);
        Assert.Equal("1", attributes["SubscriptionsDeleted"]);
        Assert.Equal("", attributes["DisplayName"]);
        Assert.Contains("__default_policy_ID", attributes["Policy"]);
        Assert.Contains("defaultHealthyRetryPolicy", attributes["EffectiveDeliveryPolicy"]);
        Assert.False(attributes.ContainsKey("FifoTopic"));
    }

    [Fact]
    public void Fifo_attributes_are_reported_on_fifo_topics_and_refused_on_standard_ones()
    {
        var fifo = TestTopic.Fifo();
        var attributes = Expect.Reply<TopicAttributesResult>(fifo.Run(new GetTopicAttributes(fifo.TopicId))).Attributes;
        Assert.Equal("true", attributes["FifoTopic"]);
        Assert.Equal("false", attributes["ContentBasedDeduplication"]);
        Expect.Reply<Done>(fifo.Run(new SetTopicAttribute(fifo.TopicId, "ContentBasedDeduplication", "true")));
        Assert.True(fifo.State.ContentBasedDeduplication);

        var standard = TestTopic.Created();
        Expect.Rejection(ErrorCode.InvalidParameter, standard.Run(new SetTopicAttribute(standard.TopicId, "ContentBasedDeduplication", "true")));
        Expect.Rejection(ErrorCode.InvalidParameter, standard.Run(new SetTopicAttribute(standard.TopicId, "NoSuchAttribute", "x")));
        Expect.Rejection(ErrorCode.InvalidParameter, standard.Run(new SetTopicAttribute(standard.TopicId, "FifoTopic", "true")));
    }

    [Fact]
    public void Subscribing_the_same_endpoint_again_returns_the_same_subscription()
    {
        var topic = TestTopic.Created();
        var first = topic.SubscribeQueue("q1");
        var second = topic.SubscribeQueue("q1");
        Assert.Equal(first, second);
        Assert.Single(topic.State.Subscriptions);
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new Subscribe(topic.TopicId, "other", "sqs", "arn:aws:sqs:us-east-1:000000000000:q1",
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, "t")));
    }

    [Theory]
    [InlineData("email", "a@example.com")]
    [InlineData("lambda", "arn:aws:lambda:us-east-1:000000000000:function:f")]
    [InlineData("carrier-pigeon", "x")]
    [InlineData("sqs", "not-an-arn")]
    [InlineData("http", "https://example.com/mismatch")]
    [InlineData("sqs", "arn:aws:sqs:us-east-1:000000000000:ordered.fifo")]
    public void Endpoints_the_topic_cannot_serve_are_invalid_parameters(string protocol, string endpoint)
    {
        var topic = TestTopic.Created();
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new Subscribe(topic.TopicId, "s", protocol, endpoint, None, "t")));
    }

    [Fact]
    public void A_fifo_topic_takes_sqs_queues_only()
    {
        var topic = TestTopic.Fifo();
        topic.SubscribeQueue("ordered.fifo");
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new Subscribe(topic.TopicId, "h", "http", "http://127.0.0.1:9/", None, "t")));
    }

    [Fact]
    public void An_http_subscription_waits_for_its_token_before_it_gets_messages()
    {
        var topic = TestTopic.Created();
        var pending = Expect.Reply<SubscribeResult>(topic.Run(new Subscribe(topic.TopicId, "web", "http", "http://127.0.0.1:9/hook", None, "secret")));
        Assert.True(pending.Pending);
        topic.Publish(TestTopic.Entry("before"));
        Assert.Empty(topic.LastRecipients);

        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new ConfirmSubscription(topic.TopicId, "wrong", false)));
        var confirmed = Expect.Reply<SubscribeResult>(topic.Run(new ConfirmSubscription(topic.TopicId, "secret", true)));
        Assert.EndsWith(":web", confirmed.SubscriptionArn);
        topic.Publish(TestTopic.Entry("after"));
        Assert.Equal(["web"], topic.LastRecipients);
        var attributes = Expect.Reply<SubscriptionAttributesResult>(topic.Run(new GetSubscriptionAttributes(topic.TopicId, "web"))).Attributes;
        Assert.Equal("false", attributes["PendingConfirmation"]);
        Assert.Equal("true", attributes["ConfirmationWasAuthenticated"]);
    }

    [Fact]
    public void A_publish_goes_to_the_subscriptions_whose_filter_policy_matches()
    {
        var topic = TestTopic.Created();
        var all = topic.SubscribeQueue("all");
        var red = topic.SubscribeQueue("red", ("FilterPolicy", """{"colour": ["red"]}"""));
        var big = topic.SubscribeQueue("big", ("FilterPolicy", """{"size": [{"numeric": [">", 10]}]}"""), ("FilterPolicyScope", "MessageBody"));

        topic.Publish(TestTopic.Entry("""{"size": 20}""", attributes: Msg.Attributes(("colour", new MessageAttributeValue("String", "red")))));
        Assert.Equal([all, red, big], topic.LastRecipients);
        topic.Publish(TestTopic.Entry("""{"size": 5}""", attributes: Msg.Attributes(("colour", new MessageAttributeValue("String", "blue")))));
        Assert.Equal([all], topic.LastRecipients);
    }

    [Fact]
    public void An_invalid_filter_policy_is_refused_at_subscribe_and_when_set()
    {
        var topic = TestTopic.Created();
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new Subscribe(topic.TopicId, "s", "sqs", "arn:aws:sqs:us-east-1:000000000000:q",
            new Dictionary<string, string> { ["FilterPolicy"] = "{not json" }, "t")));
        var id = topic.SubscribeQueue("q");
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new SetSubscriptionAttribute(topic.TopicId, id, "FilterPolicy", """{"a": {"b": ["c"]}}""")));
        Expect.Reply<Done>(topic.Run(new SetSubscriptionAttribute(topic.TopicId, id, "FilterPolicyScope", "MessageBody")));
        Expect.Reply<Done>(topic.Run(new SetSubscriptionAttribute(topic.TopicId, id, "FilterPolicy", """{"a": {"b": ["c"]}}""")));
        // Back to attribute scope, the nested policy no longer fits.
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new SetSubscriptionAttribute(topic.TopicId, id, "FilterPolicyScope", "MessageAttributes")));
    }

    [Fact]
    public void The_outbox_keeps_a_message_until_every_recipient_has_an_outcome()
    {
        var topic = TestTopic.Created();
        var a = topic.SubscribeQueue("a");
        var b = topic.SubscribeQueue("b");
        topic.Publish(TestTopic.Entry("one"));
        var sequence = topic.Events.OfType<MessagePublished>().Single().Message.Sequence;
        Assert.Equal(1, topic.State.OutboxCount);

        topic.Run(new EndDeliveries(topic.TopicId, a, [sequence], DeliveryOutcome.Delivered));
        Assert.Equal(1, topic.State.OutboxCount);
        // A repeated outcome changes nothing.
        Expect.Reply<Done>(topic.Run(new EndDeliveries(topic.TopicId, a, [sequence], DeliveryOutcome.Delivered)));
        Assert.Single(topic.Events.OfType<DeliveriesEnded>());

        topic.Run(new Unsubscribe(topic.TopicId, b));
        Assert.Equal(0, topic.State.OutboxCount);
    }

    [Fact]
    public void A_publish_without_subscribers_stores_nothing_to_deliver()
    {
        var topic = TestTopic.Created();
        Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("nobody listens")));
        Assert.Equal(0, topic.State.OutboxCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_message_is_an_invalid_parameter(string? message)
    {
        var topic = TestTopic.Created();
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry(message!)));
    }

    [Fact]
    public void A_message_over_256_KiB_with_its_attributes_is_too_long()
    {
        var topic = TestTopic.Created();
        Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry(new string('x', PublishRules.MaxMessageBytes))));
        var attributes = Msg.Attributes(("k", new MessageAttributeValue("String", "v")));
        var rejection = Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry(new string('x', PublishRules.MaxMessageBytes), attributes: attributes)));
        Assert.Contains("too long", rejection.Message);
    }

    [Theory]
    [InlineData("String", "")]
    [InlineData("Number", "twelve")]
    [InlineData("Stringy", null)]
    [InlineData("String.Array", "not an array")]
    [InlineData("Date", "2026")]
    public void Malformed_message_attributes_are_invalid_parameters(string type, string? value)
    {
        var topic = TestTopic.Created();
        var attributes = Msg.Attributes(("attribute", new MessageAttributeValue(type, value)));
        // "Stringy" is a custom String type, so only its missing value is wrong.
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry("m", attributes: attributes)));
    }

    [Fact]
    public void A_subject_must_be_short_ascii_on_one_line()
    {
        var topic = TestTopic.Created();
        Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("m", subject: "Order 42 shipped")));
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry("m", subject: "two\nlines")));
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry("m", subject: new string('s', 101))));
    }

    [Fact]
    public void A_fifo_publish_needs_a_group_and_a_deduplication_id_or_content_based_deduplication()
    {
        var topic = TestTopic.Fifo();
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry("m", deduplicationId: "d")));
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Publish(TestTopic.Entry("m", group: "g")));
        var published = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("m", group: "g", deduplicationId: "d")));
        Assert.Equal("00000000000000000001", published.Successful[0].SequenceNumber);

        var standard = TestTopic.Created();
        Expect.Rejection(ErrorCode.InvalidParameter, standard.Publish(TestTopic.Entry("m", deduplicationId: "d")));
    }

    [Fact]
    public void A_repeated_deduplication_id_within_five_minutes_returns_the_first_message_and_stores_nothing()
    {
        var topic = TestTopic.Fifo();
        topic.SubscribeQueue("q.fifo");
        var first = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("one", group: "g", deduplicationId: "d"))).Successful[0];
        var again = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("other body", group: "g", deduplicationId: "d"), TestTopic.T0 + 299_000)).Successful[0];
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.SequenceNumber, again.SequenceNumber);
        Assert.Single(topic.Events.OfType<MessagePublished>());

        var later = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("one", group: "g", deduplicationId: "d"), TestTopic.T0 + 300_000)).Successful[0];
        Assert.NotEqual(first.MessageId, later.MessageId);
        Assert.Equal("00000000000000000002", later.SequenceNumber);
    }

    [Fact]
    public void Content_based_deduplication_hashes_the_body_and_message_group_scope_keeps_groups_apart()
    {
        var topic = TestTopic.Fifo(contentBased: true);
        var first = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("same", group: "a"))).Successful[0];
        Assert.Equal(first.MessageId, Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("same", group: "b"))).Successful[0].MessageId);

        topic.Run(new SetTopicAttribute(topic.TopicId, "FifoThroughputScope", "MessageGroup"));
        var inA = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("per group", group: "a"))).Successful[0];
        var inB = Expect.Reply<PublishResult>(topic.Publish(TestTopic.Entry("per group", group: "b"))).Successful[0];
        Assert.NotEqual(inA.MessageId, inB.MessageId);
    }

    [Fact]
    public void A_batch_fails_bad_entries_alone_and_deduplicates_within_itself()
    {
        var topic = TestTopic.Fifo();
        var reply = Expect.Reply<PublishResult>(topic.Run(new Publish(topic.TopicId,
        [
            TestTopic.Entry("a", "1", group: "g", deduplicationId: "x"),
            TestTopic.Entry("b", "2", group: null, deduplicationId: "y"),
            TestTopic.Entry("c", "3", group: "g", deduplicationId: "x"),
        ], IsBatch: true)));
        Assert.Equal(["1", "3"], reply.Successful.Select(s => s.Id));
        Assert.Equal(reply.Successful[0].MessageId, reply.Successful[1].MessageId);
        Expect.EntryFailure(ErrorCode.InvalidParameter, "2", reply.Failed);
    }

    [Theory]
    [InlineData(0, ErrorCode.EmptyBatchRequest)]
    [InlineData(11, ErrorCode.TooManyEntriesInBatchRequest)]
    public void A_batch_of_the_wrong_size_is_refused_whole(int entries, ErrorCode expected)
    {
        var topic = TestTopic.Created();
        var batch = Enumerable.Range(0, entries).Select(i => TestTopic.Entry("m", i.ToString())).ToList();
        Expect.Rejection(expected, topic.Run(new Publish(topic.TopicId, batch, IsBatch: true)));
    }

    [Fact]
    public void A_batch_with_repeated_ids_is_refused_whole()
    {
        var topic = TestTopic.Created();
        Expect.Rejection(ErrorCode.BatchEntryIdsNotDistinct,
            topic.Run(new Publish(topic.TopicId, [TestTopic.Entry("a", "same"), TestTopic.Entry("b", "same")], IsBatch: true)));
    }

    [Fact]
    public void A_resent_publish_whose_first_copy_is_in_the_outbox_is_not_published_twice()
    {
        var topic = TestTopic.Created();
        topic.SubscribeQueue("q");
        var entry = TestTopic.Entry("once");
        topic.Run(new Publish(topic.TopicId, [entry], IsBatch: false));
        var resent = Expect.Reply<PublishResult>(topic.Run(new Publish(topic.TopicId, [entry], IsBatch: false, Resent: true)));
        Assert.Equal(entry.MessageId, resent.Successful[0].MessageId);
        Assert.Single(topic.Events.OfType<MessagePublished>());
    }

    [Fact]
    public void Subscriptions_list_in_pages_of_100()
    {
        var topic = TestTopic.Created();
        for (var i = 0; i < 150; i++) topic.SubscribeQueue($"q{i}");
        var first = Expect.Reply<SubscriptionList>(topic.Run(new ListTopicSubscriptions(topic.TopicId, null)));
        Assert.Equal(100, first.Subscriptions.Count);
        var second = Expect.Reply<SubscriptionList>(topic.Run(new ListTopicSubscriptions(topic.TopicId, first.NextToken)));
        Assert.Equal(50, second.Subscriptions.Count);
        Assert.Null(second.NextToken);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:q149", second.Subscriptions[^1].Endpoint);
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new ListTopicSubscriptions(topic.TopicId, "garbage")));
    }

    [Fact]
    public void Tags_are_limited_to_50_and_aws_prefixed_keys_are_refused()
    {
        var topic = TestTopic.Created();
        var fifty = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v");
        Expect.Reply<Done>(topic.Run(new TagTopic(topic.TopicId, fifty)));
        Expect.Rejection(ErrorCode.TagLimitExceeded, topic.Run(new TagTopic(topic.TopicId, new Dictionary<string, string> { ["one-more"] = "v" })));
        Expect.Reply<Done>(topic.Run(new UntagTopic(topic.TopicId, ["k0"])));
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new TagTopic(topic.TopicId, new Dictionary<string, string> { ["aws:x"] = "v" })));
        Assert.Equal(49, Expect.Reply<TopicTagsResult>(topic.Run(new ListTopicTags(topic.TopicId))).Tags.Count);
    }

    [Fact]
    public void Permissions_add_and_remove_statements_in_the_topic_policy()
    {
        var topic = TestTopic.Created();
        Expect.Reply<Done>(topic.Run(new AddTopicPermission(topic.TopicId, "partners", ["111122223333"], ["Publish"])));
        Expect.Rejection(ErrorCode.InvalidParameter, topic.Run(new AddTopicPermission(topic.TopicId, "partners", ["111122223333"], ["Publish"])));
        var policy = JsonDocument.Parse(topic.State.Attribute("Policy")!).RootElement;
        Assert.Contains(policy.GetProperty("Statement").EnumerateArray(), s => s.GetProperty("Sid").GetString() == "partners");
        Expect.Reply<Done>(topic.Run(new RemoveTopicPermission(topic.TopicId, "partners")));
        Assert.DoesNotContain("partners", topic.State.Attribute("Policy"));
    }

    [Fact]
    public void Snapshot_plus_nothing_equals_the_replayed_state()
    {
        var topic = TestTopic.Fifo();
        var a = topic.SubscribeQueue("a.fifo", ("RawMessageDelivery", "true"));
        topic.SubscribeQueue("b.fifo", ("FilterPolicy", """{"k": ["v"]}"""));
        topic.Publish(TestTopic.Entry("one", group: "g", deduplicationId: "1"));
        topic.Publish(TestTopic.Entry("two", group: "g", deduplicationId: "2", attributes: Msg.Attributes(("k", new MessageAttributeValue("String", "v")))));
        topic.Run(new EndDeliveries(topic.TopicId, a, [1], DeliveryOutcome.Delivered));

        var replayed = new TopicState();
        foreach (var e in topic.Events) replayed.Apply(e);
        var restored = TopicState.FromSnapshot(topic.State.ToSnapshot());
        Assert.Equal(JsonSerializer.Serialize(replayed.ToSnapshot()), JsonSerializer.Serialize(restored.ToSnapshot()));
        // The restored topic deduplicates and filters as the original does.
        Assert.Equal(topic.State.Pending.Keys.Order(), restored.Pending.Keys.Order());
        Assert.NotNull(restored.PolicyOf("sub-2"));
        Assert.NotNull(restored.FindDeduplication("2", TestTopic.T0));
    }
}
