"""SNS subscriptions of SQS queues: Subscribe (ARN, idempotence, attributes, protocol and endpoint
checks), Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic and
Get/SetSubscriptionAttributes."""

import json
import uuid

from support.settings import ACCOUNT_ID
from support.sns import SnsTestCase, subscription_arn_re

FILTER_POLICY = {"color": ["red", "blue"]}


class SubscribeTests(SnsTestCase):

    def test_subscribe_sqs_returns_subscription_arn(self):
        """Subscribe of an SQS queue (same account) is confirmed at once: even without
        ReturnSubscriptionArn it returns arn:aws:sns:us-east-1:<account>:<topic>:<uuid>."""
        name = self.unique_topic_name("arn")
        topic = self.create_topic(name=name)
        url = self.create_queue("arn")
        reply = self.sns.subscribe(TopicArn=topic, Protocol="sqs",
                                   Endpoint=self.allow_topic_to_send(url, topic))
        self.assertRegex(reply["SubscriptionArn"], subscription_arn_re(name))

    def test_subscribing_the_same_queue_twice_returns_the_same_arn(self):
        """A second Subscribe with the same protocol and endpoint returns the first subscription's
        ARN, and the topic still has one subscription."""
        topic = self.create_topic("twice")
        url = self.create_queue("twice")
        first = self.subscribe_queue(topic, url)
        self.assertEqual(self.subscribe_queue(topic, url), first)
        self.assertEqual([s["SubscriptionArn"] for s in self.subscriptions_of(topic)], [first])

    def test_subscription_reports_its_default_attributes(self):
        """GetSubscriptionAttributes of an SQS subscription: SubscriptionArn, TopicArn, Owner,
        Protocol sqs, Endpoint (the queue ARN), PendingConfirmation false,
        ConfirmationWasAuthenticated true, RawMessageDelivery false."""
        topic = self.create_topic("defaults")
        url, arn = self.subscribed_queue(topic, "defaults")
        attributes = self.subscription_attributes(arn)
        expected = {"SubscriptionArn": arn, "TopicArn": topic, "Owner": ACCOUNT_ID, "Protocol": "sqs",
                    "Endpoint": self.queue_arn(url), "PendingConfirmation": "false",
                    "ConfirmationWasAuthenticated": "true", "RawMessageDelivery": "false"}
        for name, value in expected.items():
            with self.subTest(attribute=name):
                self.assertEqual(attributes.get(name), value)
        self.assertNotIn("FilterPolicy", attributes)

    def test_attributes_given_at_subscribe_are_reported(self):
        """Subscribe's Attributes RawMessageDelivery, FilterPolicy and FilterPolicyScope are
        reported by GetSubscriptionAttributes."""
        topic = self.create_topic("subattrs")
        _, arn = self.subscribed_queue(topic, raw=True, filter_policy={"order": {"state": ["paid"]}},
                                       scope="MessageBody")
        attributes = self.subscription_attributes(arn)
        self.assertEqual(attributes["RawMessageDelivery"], "true")
        self.assertEqual(json.loads(attributes["FilterPolicy"]), {"order": {"state": ["paid"]}})
        self.assertEqual(attributes["FilterPolicyScope"], "MessageBody")

    # moto 5.2.1 deviates: it accepts any protocol.
    def test_unsupported_protocols_are_rejected(self):
        """Subscribe with a protocol SNS does not have (or an empty one) -> InvalidParameter."""
        topic = self.create_topic("proto")
        for protocol in ("carrier-pigeon", "ftp", ""):
            with self.subTest(protocol=protocol):
                with self.assertSnsError("InvalidParameter"):
                    self.unchecked_sns.subscribe(TopicArn=topic, Protocol=protocol,
                                                 Endpoint="arn:aws:sqs:us-east-1:{}:q".format(ACCOUNT_ID))

    # moto 5.2.1 deviates: it accepts any http/https endpoint (it checks sqs ARNs only).
    def test_endpoints_that_do_not_fit_the_protocol_are_rejected(self):
        """Subscribe sqs with an endpoint that is no SQS queue ARN, http with an https:// URL or
        no URL, and https with an http:// URL -> InvalidParameter."""
        topic = self.create_topic("endpoint")
        cases = [("sqs", "not-an-arn"), ("sqs", "https://sqs.us-east-1.amazonaws.com/{}/q".format(ACCOUNT_ID)),
                 ("http", "https://127.0.0.1/x"), ("http", "not a url"), ("https", "http://127.0.0.1/x")]
        for protocol, endpoint in cases:
            with self.subTest(protocol=protocol, endpoint=endpoint):
                with self.assertSnsError("InvalidParameter"):
                    self.sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint)

    def test_unknown_subscription_attribute_at_subscribe_is_rejected(self):
        """Subscribe with an attribute name SNS does not know -> InvalidParameter."""
        topic = self.create_topic("badattr")
        url = self.create_queue("badattr")
        with self.assertSnsError("InvalidParameter"):
            self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=self.queue_arn(url),
                               Attributes={"NoSuchAttribute": "1"})


class SubscriptionListingTests(SnsTestCase):

    def test_list_subscriptions_by_topic_lists_each_subscription(self):
        """ListSubscriptionsByTopic returns every subscription of the topic with SubscriptionArn,
        Owner, Protocol, Endpoint and TopicArn, and none of another topic's."""
        topic = self.create_topic("bytopic")
        other = self.create_topic("other")
        queues = [self.subscribed_queue(topic, "bytopic{}".format(i)) for i in range(2)]
        self.subscribed_queue(other, "other")
        expected = sorted(({"SubscriptionArn": arn, "Owner": ACCOUNT_ID, "Protocol": "sqs",
                            "Endpoint": self.queue_arn(url), "TopicArn": topic} for url, arn in queues),
                          key=lambda s: s["SubscriptionArn"])
        self.assertEqual(sorted(self.subscriptions_of(topic), key=lambda s: s["SubscriptionArn"]), expected)

    def test_list_subscriptions_includes_new_subscription(self):
        """ListSubscriptions (all pages) includes a new subscription with its fields."""
        topic = self.create_topic("listall")
        url, arn = self.subscribed_queue(topic)
        paginator = self.sns.get_paginator("list_subscriptions")
        listed = {s["SubscriptionArn"]: s for page in paginator.paginate() for s in page.get("Subscriptions", [])}
        self.assertIn(arn, listed)
        self.assertEqual(listed[arn], {"SubscriptionArn": arn, "Owner": ACCOUNT_ID, "Protocol": "sqs",
                                       "Endpoint": self.queue_arn(url), "TopicArn": topic})

    def test_unsubscribe_removes_the_subscription(self):
        """After Unsubscribe the subscription is not listed and GetSubscriptionAttributes is
        NotFound (404)."""
        topic = self.create_topic("unsub")
        _, arn = self.subscribed_queue(topic)
        self.sns.unsubscribe(SubscriptionArn=arn)
        self.assertEqual(self.subscriptions_of(topic), [])
        with self.assertSnsError("NotFound"):
            self.sns.get_subscription_attributes(SubscriptionArn=arn)

    def test_delete_topic_deletes_its_subscriptions(self):
        """DeleteTopic deletes the topic's subscriptions: ListSubscriptions no longer has them."""
        topic = self.create_topic("deltopic")
        _, arn = self.subscribed_queue(topic)
        self.sns.delete_topic(TopicArn=topic)

        def gone():
            paginator = self.sns.get_paginator("list_subscriptions")
            listed = {s["SubscriptionArn"] for page in paginator.paginate() for s in page.get("Subscriptions", [])}
            self.assertNotIn(arn, listed)
        self.eventually(gone)

    def test_attributes_of_a_subscription_that_does_not_exist_are_not_found(self):
        """GetSubscriptionAttributes and SetSubscriptionAttributes of a well-formed ARN that names
        no subscription -> 404 NotFound."""
        topic = self.create_topic("nosub")
        arn = "{}:{}".format(topic, uuid.uuid4())
        with self.subTest(operation="GetSubscriptionAttributes"):
            with self.assertSnsError("NotFound"):
                self.sns.get_subscription_attributes(SubscriptionArn=arn)
        with self.subTest(operation="SetSubscriptionAttributes"):
            with self.assertSnsError("NotFound"):
                self.sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery",
                                                     AttributeValue="true")


class SubscriptionAttributeTests(SnsTestCase):

    def set_attribute(self, arn, name, value):
        self.sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName=name, AttributeValue=value)

    def test_set_raw_message_delivery(self):
        """SetSubscriptionAttributes RawMessageDelivery true and back to false is read back."""
        topic = self.create_topic("raw")
        _, arn = self.subscribed_queue(topic)
        self.set_attribute(arn, "RawMessageDelivery", "true")
        self.assertEqual(self.subscription_attributes(arn)["RawMessageDelivery"], "true")
        self.set_attribute(arn, "RawMessageDelivery", "false")
        self.assertEqual(self.subscription_attributes(arn)["RawMessageDelivery"], "false")

    def test_set_filter_policy_defaults_its_scope_to_message_attributes(self):
        """A FilterPolicy set without FilterPolicyScope is read back (as JSON), with
        FilterPolicyScope MessageAttributes."""
        topic = self.create_topic("filter")
        _, arn = self.subscribed_queue(topic)
        self.set_attribute(arn, "FilterPolicy", json.dumps(FILTER_POLICY))
        attributes = self.subscription_attributes(arn)
        self.assertEqual(json.loads(attributes["FilterPolicy"]), FILTER_POLICY)
        self.assertEqual(attributes["FilterPolicyScope"], "MessageAttributes")

    def test_set_filter_policy_scope_message_body(self):
        """SetSubscriptionAttributes FilterPolicyScope MessageBody is read back."""
        topic = self.create_topic("scope")
        _, arn = self.subscribed_queue(topic, filter_policy=FILTER_POLICY)
        self.set_attribute(arn, "FilterPolicyScope", "MessageBody")
        self.assertEqual(self.subscription_attributes(arn)["FilterPolicyScope"], "MessageBody")

    def test_set_redrive_policy(self):
        """SetSubscriptionAttributes RedrivePolicy (a dead-letter queue ARN) is read back."""
        topic = self.create_topic("redrive")
        _, arn = self.subscribed_queue(topic)
        dead_letter = self.queue_arn(self.create_queue("dlq"))
        self.set_attribute(arn, "RedrivePolicy", json.dumps({"deadLetterTargetArn": dead_letter}))
        self.assertEqual(json.loads(self.subscription_attributes(arn)["RedrivePolicy"]),
                         {"deadLetterTargetArn": dead_letter})

    def test_set_unknown_subscription_attribute_is_rejected(self):
        """SetSubscriptionAttributes with an attribute SNS does not let you set (unknown, or the
        read-only Protocol) -> InvalidParameter."""
        topic = self.create_topic("setbad")
        _, arn = self.subscribed_queue(topic)
        for name in ("NoSuchAttribute", "Protocol"):
            with self.subTest(attribute=name):
                with self.assertSnsError("InvalidParameter"):
                    self.set_attribute(arn, name, "x")

    # moto 5.2.1 deviates: it accepts any value.
    def test_raw_message_delivery_must_be_a_boolean(self):
        """RawMessageDelivery other than true/false -> InvalidParameter."""
        topic = self.create_topic("rawbad")
        _, arn = self.subscribed_queue(topic)
        with self.assertSnsError("InvalidParameter"):
            self.set_attribute(arn, "RawMessageDelivery", "maybe")
