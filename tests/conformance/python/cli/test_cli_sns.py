"""aws sns: the core path with an SQS subscriber: create-topic, subscribe, publish with
--message-attributes (the queue gets the SNS envelope), raw delivery, list-subscriptions-by-topic,
set-subscription-attributes with a filter policy, delete-topic, and NotFound for a missing topic.
"""

import json
import time
import uuid

from cli.cli_base import CliTestCase
from support.settings import ACCOUNT_ID, REGION

# Publishing is asynchronous: the queue is polled for this long at most.
DELIVERY_SECONDS = 15
ATTRIBUTES = {"color": {"DataType": "String", "StringValue": "blue é"},
              "size": {"DataType": "Number", "StringValue": "42"}}


class CliSnsTests(CliTestCase):

    def sns_ok(self, *args):
        return self.aws_ok(*args, service="sns")

    def create_topic(self, label="t"):
        """create-topic conf-cli-<label>-<random>, deleted at the end of the test; returns the ARN."""
        arn = self.sns_ok("create-topic", "--name", self.unique_name(label))["TopicArn"]
        self.addCleanup(self._delete_topic_quietly, arn)
        return arn

    def _delete_topic_quietly(self, arn):
        try:
            from support.clients import sns_client
        except ImportError:
            self.aws("delete-topic", "--topic-arn", arn, service="sns")
            return
        try:
            sns_client().delete_topic(TopicArn=arn)
        except Exception:
            pass

    def subscribe_queue(self, topic, url, *extra):
        """A queue subscribed to the topic (with the queue policy real AWS needs); returns the
        subscription ARN."""
        queue_arn = self.queue_attributes(url, "QueueArn")["QueueArn"]
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]}
        self.aws_ok("set-queue-attributes", "--queue-url", url, "--attributes",
                    json.dumps({"Policy": json.dumps(policy)}))
        return self.sns_ok("subscribe", "--topic-arn", topic, "--protocol", "sqs",
                           "--notification-endpoint", queue_arn, "--return-subscription-arn",
                           *extra)["SubscriptionArn"]

    def receive_from(self, url, count=1):
        """Poll the queue (receive-message, long polls) until `count` messages came; deletes them."""
        messages = []
        deadline = time.monotonic() + DELIVERY_SECONDS
        while len(messages) < count and time.monotonic() < deadline:
            batch = self.aws_ok("receive-message", "--queue-url", url, "--wait-time-seconds", "1",
                                "--max-number-of-messages", "10",
                                "--message-attribute-names", "All").get("Messages", [])
            for message in batch:
                self.aws_ok("delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
            messages += batch
        return messages

    def test_create_list_and_delete_topic(self):
        """create-topic returns arn:aws:sns:us-east-1:<account>:<name>; list-topics lists it;
        after delete-topic it is gone."""
        name = self.unique_name("topic")
        arn = self.sns_ok("create-topic", "--name", name)["TopicArn"]
        self.addCleanup(self._delete_topic_quietly, arn)
        self.assertEqual(arn, "arn:aws:sns:{}:{}:{}".format(REGION, ACCOUNT_ID, name))
        self.assertIn(arn, [t["TopicArn"] for t in self.sns_ok("list-topics")["Topics"]])
        self.sns_ok("delete-topic", "--topic-arn", arn)
        self.assertNotIn(arn, [t["TopicArn"] for t in self.sns_ok("list-topics").get("Topics", [])])

    def test_publish_delivers_the_envelope_to_a_subscribed_queue(self):
        """publish with --subject and --message-attributes: the subscribed queue receives the SNS
        envelope with the MessageId publish printed, the Message, Subject and MessageAttributes."""
        topic = self.create_topic("pub")
        url = self.create_queue("pub")
        subscription = self.subscribe_queue(topic, url)
        self.assertTrue(subscription.startswith(topic + ":"), subscription)
        message_id = self.sns_ok("publish", "--topic-arn", topic, "--message", "héllo ✓", "--subject", "Hi",
                                 "--message-attributes", json.dumps(ATTRIBUTES))["MessageId"]
        messages = self.receive_from(url)
        self.assertEqual(len(messages), 1)
        envelope = json.loads(messages[0]["Body"])
        self.assertEqual((envelope["Type"], envelope["MessageId"], envelope["TopicArn"], envelope["Message"],
                          envelope["Subject"]), ("Notification", message_id, topic, "héllo ✓", "Hi"))
        self.assertEqual(envelope["MessageAttributes"], {"color": {"Type": "String", "Value": "blue é"},
                                                         "size": {"Type": "Number", "Value": "42"}})

    def test_raw_delivery(self):
        """subscribe --attributes RawMessageDelivery=true: the queue receives the bare message and
        the SNS attributes as SQS message attributes."""
        topic = self.create_topic("raw")
        url = self.create_queue("raw")
        self.subscribe_queue(topic, url, "--attributes", json.dumps({"RawMessageDelivery": "true"}))
        self.sns_ok("publish", "--topic-arn", topic, "--message", '{"raw": true}',
                    "--message-attributes", json.dumps(ATTRIBUTES))
        messages = self.receive_from(url)
        self.assertEqual([m["Body"] for m in messages], ['{"raw": true}'])
        self.assertEqual({k: (v["DataType"], v["StringValue"]) for k, v in messages[0]["MessageAttributes"].items()},
                         {k: (v["DataType"], v["StringValue"]) for k, v in ATTRIBUTES.items()})

    def test_list_subscriptions_by_topic(self):
        """list-subscriptions-by-topic lists the topic's subscription with protocol sqs and the
        queue ARN as endpoint."""
        topic = self.create_topic("list")
        url = self.create_queue("list")
        subscription = self.subscribe_queue(topic, url)
        listed = self.sns_ok("list-subscriptions-by-topic", "--topic-arn", topic)["Subscriptions"]
        self.assertEqual([(s["SubscriptionArn"], s["Protocol"], s["Endpoint"], s["TopicArn"]) for s in listed],
                         [(subscription, "sqs", self.queue_attributes(url, "QueueArn")["QueueArn"], topic)])

    def test_filter_policy_set_with_set_subscription_attributes(self):
        """set-subscription-attributes FilterPolicy: get-subscription-attributes reads it back, and
        of a non-matching and a matching publish only the matching one reaches the queue."""
        topic = self.create_topic("filter")
        url = self.create_queue("filter")
        subscription = self.subscribe_queue(topic, url, "--attributes", json.dumps({"RawMessageDelivery": "true"}))
        policy = {"color": ["red"]}
        self.sns_ok("set-subscription-attributes", "--subscription-arn", subscription,
                    "--attribute-name", "FilterPolicy", "--attribute-value", json.dumps(policy))
        attributes = self.sns_ok("get-subscription-attributes", "--subscription-arn", subscription)["Attributes"]
        self.assertEqual(json.loads(attributes["FilterPolicy"]), policy)
        for color in ("blue", "red"):
            self.sns_ok("publish", "--topic-arn", topic, "--message", color, "--message-attributes",
                        json.dumps({"color": {"DataType": "String", "StringValue": color}}))
        self.assertEqual([m["Body"] for m in self.receive_from(url)], ["red"])
        straggler = self.aws_ok("receive-message", "--queue-url", url, "--wait-time-seconds", "1")
        self.assertEqual(straggler.get("Messages", []), [], "the non-matching message was delivered")

    def test_publish_to_missing_topic_is_not_found(self):
        """publish to a topic that does not exist fails with the CLI's service-error exit status
        (254 in v2, 255 in v1) and prints the NotFound error of the Publish operation."""
        arn = "arn:aws:sns:{}:{}:conf-cli-missing-{}".format(REGION, ACCOUNT_ID, uuid.uuid4().hex[:12])
        result = self.aws("publish", "--topic-arn", arn, "--message", "x", service="sns")
        self.assertIn(result.returncode, (254, 255), result.stderr)
        self.assertIn("An error occurred (NotFound) when calling the Publish operation", result.stderr)
