"""SNS topics: CreateTopic (names, idempotence, attributes, tags), DeleteTopic, ListTopics,
Get/SetTopicAttributes, and NotFound for a topic that does not exist."""

import json

from support.settings import ACCOUNT_ID
from support.sns import SnsTestCase, topic_arn_for

DEFAULT_POLICY_ACTIONS = {
    "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
    "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
}

DELIVERY_POLICY = {"http": {"defaultHealthyRetryPolicy": {
    "minDelayTarget": 5, "maxDelayTarget": 10, "numRetries": 7, "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear"}}}


def as_list(value):
    return value if isinstance(value, list) else [value]


class CreateTopicTests(SnsTestCase):

    def test_create_topic_returns_arn_of_name(self):
        """CreateTopic returns arn:aws:sns:us-east-1:<account>:<name>."""
        name = self.unique_topic_name("arn")
        self.assertEqual(self.create_topic(name=name), topic_arn_for(name))

    def test_create_topic_again_returns_same_arn(self):
        """CreateTopic is idempotent: the same name returns the same ARN, and ListTopics lists the
        topic once."""
        name = self.unique_topic_name("idem")
        arn = self.create_topic(name=name)
        self.assertEqual(self.sns.create_topic(Name=name)["TopicArn"], arn)
        self.assertEqual([t for t in self.all_topic_arns() if t == arn], [arn])

    def test_topic_names_outside_the_rules_are_rejected(self):
        """Names must be 1-256 ASCII letters, digits, hyphens and underscores: an empty name, a
        space, a dot, a slash, a colon, a non-ASCII letter or 257 characters -> InvalidParameter."""
        for name in ("", "has space", "dot.name", "slash/name", "colon:name", "ünï", "a" * 257):
            with self.subTest(name=name[:20]):
                with self.assertSnsError("InvalidParameter"):
                    arn = self.unchecked_sns.create_topic(Name=name)["TopicArn"]
                    self.addCleanup(self.delete_topic_quietly, arn)

    def test_topic_name_of_256_characters_with_hyphens_and_underscores_is_accepted(self):
        """A 256-character name of letters, digits, hyphens and underscores is valid."""
        name = (self.unique_topic_name("long") + "_A-z" * 64)[:256]
        self.assertEqual(self.create_topic(name=name), topic_arn_for(name))

    def test_attributes_given_at_creation_are_reported(self):
        """CreateTopic's DisplayName and DeliveryPolicy are reported by GetTopicAttributes."""
        arn = self.create_topic("attrs", attributes={"DisplayName": "Conformance é",
                                                     "DeliveryPolicy": json.dumps(DELIVERY_POLICY)})
        attributes = self.topic_attributes(arn)
        self.assertEqual(attributes["DisplayName"], "Conformance é")
        self.assertEqual(json.loads(attributes["DeliveryPolicy"]), DELIVERY_POLICY)

    def test_tags_given_at_creation_are_listed(self):
        """CreateTopic's Tags are returned by ListTagsForResource."""
        arn = self.create_topic("tags", tags={"team": "blue", "env": "test"})
        tags = self.sns.list_tags_for_resource(ResourceArn=arn)["Tags"]
        self.assertEqual({t["Key"]: t["Value"] for t in tags}, {"team": "blue", "env": "test"})

    def all_topic_arns(self):
        paginator = self.sns.get_paginator("list_topics")
        return [t["TopicArn"] for page in paginator.paginate() for t in page.get("Topics", [])]


class TopicLifecycleTests(SnsTestCase):

    def test_list_topics_includes_new_topics(self):
        """ListTopics (all pages) lists every topic created, each entry with its TopicArn."""
        arns = {self.create_topic("list{}".format(i)) for i in range(3)}
        paginator = self.sns.get_paginator("list_topics")
        listed = [t["TopicArn"] for page in paginator.paginate() for t in page.get("Topics", [])]
        self.assertTrue(arns <= set(listed), "created topics missing from ListTopics")
        self.assertEqual(len(listed), len(set(listed)), "ListTopics repeats a topic across pages")

    def test_delete_topic_removes_it(self):
        """After DeleteTopic the topic is not listed and GetTopicAttributes is NotFound."""
        arn = self.create_topic("del")
        self.sns.delete_topic(TopicArn=arn)
        paginator = self.sns.get_paginator("list_topics")
        listed = {t["TopicArn"] for page in paginator.paginate() for t in page.get("Topics", [])}
        self.assertNotIn(arn, listed)
        with self.assertSnsError("NotFound"):
            self.sns.get_topic_attributes(TopicArn=arn)

    def test_delete_topic_that_does_not_exist_succeeds(self):
        """DeleteTopic of a topic that does not exist (never created, or deleted already)
        succeeds: AWS documents that deleting a missing topic is no error."""
        self.sns.delete_topic(TopicArn=topic_arn_for(self.unique_topic_name("never")))
        arn = self.create_topic("twice")
        self.sns.delete_topic(TopicArn=arn)
        self.sns.delete_topic(TopicArn=arn)

    def test_missing_topic_is_not_found(self):
        """GetTopicAttributes, SetTopicAttributes, Publish, Subscribe and ListSubscriptionsByTopic
        on a topic that does not exist -> 404 NotFound, raised as NotFoundException."""
        arn = topic_arn_for(self.unique_topic_name("missing"))
        queue_arn = "arn:aws:sqs:us-east-1:{}:conf-nowhere".format(ACCOUNT_ID)
        calls = {
            "GetTopicAttributes": lambda: self.sns.get_topic_attributes(TopicArn=arn),
            "SetTopicAttributes": lambda: self.sns.set_topic_attributes(
                TopicArn=arn, AttributeName="DisplayName", AttributeValue="x"),
            "Publish": lambda: self.sns.publish(TopicArn=arn, Message="hello"),
            "Subscribe": lambda: self.sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn),
            "ListSubscriptionsByTopic": lambda: self.sns.list_subscriptions_by_topic(TopicArn=arn),
        }
        for operation, call in calls.items():
            with self.subTest(operation=operation):
                with self.assertSnsError("NotFound") as caught:
                    call()
                self.assertIsInstance(caught.error, self.sns.exceptions.NotFoundException)

    # moto 5.2.1 deviates: GetTopicAttributes answers an HTML 500.
    def test_malformed_topic_arn_is_invalid_parameter(self):
        """GetTopicAttributes and Publish with a TopicArn that is no ARN -> InvalidParameter."""
        for operation, call in {
            "GetTopicAttributes": lambda: self.sns.get_topic_attributes(TopicArn="not-an-arn"),
            "Publish": lambda: self.sns.publish(TopicArn="not-an-arn", Message="x"),
        }.items():
            with self.subTest(operation=operation):
                with self.assertSnsError("InvalidParameter"):
                    call()


class TopicAttributeTests(SnsTestCase):

    def test_new_topic_reports_its_default_attributes(self):
        """A new topic reports TopicArn, Owner (the account), DisplayName "", no subscriptions
        (SubscriptionsConfirmed/Pending/Deleted "0"), and a default Policy and
        EffectiveDeliveryPolicy."""
        arn = self.create_topic("defaults")
        attributes = self.topic_attributes(arn)
        self.assertEqual(attributes["TopicArn"], arn)
        self.assertEqual(attributes["Owner"], ACCOUNT_ID)
        self.assertEqual(attributes["DisplayName"], "")
        for counter in ("SubscriptionsConfirmed", "SubscriptionsPending", "SubscriptionsDeleted"):
            with self.subTest(counter=counter):
                self.assertEqual(attributes[counter], "0")
        self.assertNotEqual(attributes.get("FifoTopic"), "true")

    def test_default_policy_allows_the_owner_on_this_topic(self):
        """The default Policy is a JSON policy document whose statement allows the topic
        actions (Publish, Subscribe, ...) on this topic's ARN."""
        arn = self.create_topic("policy")
        policy = json.loads(self.topic_attributes(arn)["Policy"])
        statements = policy["Statement"]
        self.assertTrue(statements, "the default policy has no statement")
        statement = statements[0]
        self.assertEqual(statement["Effect"], "Allow")
        self.assertEqual(statement["Resource"], arn)
        self.assertEqual(set(as_list(statement["Action"])), DEFAULT_POLICY_ACTIONS)

    # moto 5.2.1 deviates: its EffectiveDeliveryPolicy has no "http" key.
    def test_default_effective_delivery_policy_retries_http_three_times(self):
        """EffectiveDeliveryPolicy is JSON with the default HTTP retry policy: 3 retries, 20 s
        apart (the documented defaults)."""
        arn = self.create_topic("edp")
        policy = json.loads(self.topic_attributes(arn)["EffectiveDeliveryPolicy"])
        retry = policy["http"]["defaultHealthyRetryPolicy"]
        self.assertEqual((retry["numRetries"], retry["minDelayTarget"], retry["maxDelayTarget"]),
                         (3, 20, 20))

    def test_set_topic_attributes_display_name(self):
        """SetTopicAttributes DisplayName is read back."""
        arn = self.create_topic("display")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Shoal ✓")
        self.assertEqual(self.topic_attributes(arn)["DisplayName"], "Shoal ✓")

    def test_set_topic_attributes_policy(self):
        """SetTopicAttributes Policy replaces the policy; GetTopicAttributes returns the same
        document (compared as JSON)."""
        arn = self.create_topic("setpolicy")
        policy = {"Version": "2012-10-17", "Id": "conf", "Statement": [{
            "Sid": "OnlyPublish", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": "SNS:Publish", "Resource": arn}]}
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(policy))
        self.assertEqual(json.loads(self.topic_attributes(arn)["Policy"]), policy)

    # moto 5.2.1 deviates: EffectiveDeliveryPolicy has no "http" key and ignores DeliveryPolicy.
    def test_set_topic_attributes_delivery_policy(self):
        """SetTopicAttributes DeliveryPolicy is read back, and EffectiveDeliveryPolicy takes its
        HTTP retry policy."""
        arn = self.create_topic("setdp")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy",
                                      AttributeValue=json.dumps(DELIVERY_POLICY))
        attributes = self.topic_attributes(arn)
        self.assertEqual(json.loads(attributes["DeliveryPolicy"]), DELIVERY_POLICY)
        effective = json.loads(attributes["EffectiveDeliveryPolicy"])
        self.assertEqual(effective["http"]["defaultHealthyRetryPolicy"]["numRetries"], 7)

    # moto 5.2.1 deviates: it accepts any attribute name.
    def test_set_unknown_topic_attribute_is_rejected(self):
        """SetTopicAttributes with an attribute name SNS does not know -> InvalidParameter."""
        arn = self.create_topic("unknown")
        with self.assertSnsError("InvalidParameter"):
            self.sns.set_topic_attributes(TopicArn=arn, AttributeName="NoSuchAttribute", AttributeValue="1")

    # moto 5.2.1 deviates: SubscriptionsConfirmed stays "0".
    def test_subscription_counters_follow_subscriptions(self):
        """SubscriptionsConfirmed counts a subscribed SQS queue (confirmed at once) and drops back
        to 0 after Unsubscribe; SubscriptionsPending stays 0."""
        arn = self.create_topic("counts")
        _, subscription = self.subscribed_queue(arn)

        def counts(confirmed):
            def check():
                attributes = self.topic_attributes(arn)
                self.assertEqual((attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]),
                                 (confirmed, "0"), "(confirmed, pending)")
            return check
        self.eventually(counts("1"))
        self.sns.unsubscribe(SubscriptionArn=subscription)
        self.eventually(counts("0"))
