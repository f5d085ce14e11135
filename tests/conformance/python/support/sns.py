"""Base class for the SNS conformance tests: own topics and subscribed queues, SNS error checks,
and bounded polling for the asynchronous fan-out.

SNS is AWS Query (Version=2010-03-31) for every botocore, so an error's Error.Code is the Query
code of botocore's model (`NotFound`, `InvalidParameter`, ...), and botocore raises the typed
exception of that code (`NotFoundException`, ...). aws-wire.md §4.
"""

import contextlib
import json
import re
import time
import uuid

from botocore.exceptions import ClientError

from support.base import SqsTestCase
from support.clients import sns_client
from support.errors import caught_client_error, status_of
from support.settings import ACCOUNT_ID, REGION

# Publishing is asynchronous (and at least once): a subscribed queue is polled for this long at
# most before a test gives up on a delivery.
DELIVERY_SECONDS = 10.0

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TIMESTAMP_RE = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"


def topic_arn_for(name):
    return "arn:aws:sns:{}:{}:{}".format(REGION, ACCOUNT_ID, name)


def subscription_arn_re(topic_name):
    """arn:aws:sns:us-east-1:<account>:<topic>:<uuid>, as AWS forms subscription ARNs."""
    return "^{}:{}$".format(re.escape(topic_arn_for(topic_name)), UUID)


def message_attributes(**values):
    """Publish MessageAttributes from name=value pairs: str -> String, int/float -> Number,
    bytes -> Binary, list -> String.Array."""
    attributes = {}
    for name, value in values.items():
        if isinstance(value, bytes):
            attributes[name] = {"DataType": "Binary", "BinaryValue": value}
        elif isinstance(value, bool) or not isinstance(value, (int, float, list)):
            attributes[name] = {"DataType": "String", "StringValue": str(value)}
        elif isinstance(value, list):
            attributes[name] = {"DataType": "String.Array", "StringValue": json.dumps(value)}
        else:
            attributes[name] = {"DataType": "Number", "StringValue": str(value)}
    return attributes


class SnsTestCase(SqsTestCase):
    """Every test creates its own uniquely named topics and queues and deletes them afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sns = sns_client()
        # For requests that botocore would refuse before sending them.
        cls.unchecked_sns = sns_client(validate_parameters=False)

    # ---- topics -----------------------------------------------------------

    def unique_topic_name(self, label="t"):
        return "conf-sns-{}-{}".format(label, uuid.uuid4().hex[:12])

    def create_topic(self, label="t", attributes=None, tags=None, name=None):
        """Create a topic that is deleted when the test ends; returns its ARN."""
        request = {"Name": name or self.unique_topic_name(label)}
        if attributes:
            request["Attributes"] = attributes
        if tags:
            request["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        arn = self.sns.create_topic(**request)["TopicArn"]
        self.addCleanup(self.delete_topic_quietly, arn)
        return arn

    def create_fifo_topic(self, label="t", attributes=None):
        """Create a FIFO topic conf-sns-<label>-<random>.fifo, deleted when the test ends."""
        return self.create_topic(name=self.unique_topic_name(label) + ".fifo",
                                 attributes={"FifoTopic": "true", **(attributes or {})})

    def delete_topic_quietly(self, arn):
        with contextlib.suppress(ClientError):
            self.sns.delete_topic(TopicArn=arn)

    def topic_attributes(self, arn):
        return self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]

    # ---- subscriptions ----------------------------------------------------

    def queue_arn(self, url):
        return self.queue_attributes(url, "QueueArn")["QueueArn"]

    def allow_topic_to_send(self, url, topic_arn):
        """The queue policy real AWS needs before SNS may deliver to the queue."""
        arn = self.queue_arn(url)
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}}]}
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
        return arn

    def subscribe_queue(self, topic_arn, url, attributes=None):
        """Subscribe the queue (protocol sqs) to the topic; returns the subscription ARN."""
        request = {"TopicArn": topic_arn, "Protocol": "sqs",
                   "Endpoint": self.allow_topic_to_send(url, topic_arn), "ReturnSubscriptionArn": True}
        if attributes:
            request["Attributes"] = attributes
        return self.sns.subscribe(**request)["SubscriptionArn"]

    def subscribed_queue(self, topic_arn, label="q", raw=False, filter_policy=None, scope=None,
                         fifo=False):
        """A new queue subscribed to the topic; returns (queue URL, subscription ARN)."""
        url = self.create_fifo_queue(label) if fifo else self.create_queue(label)
        attributes = {}
        if raw:
            attributes["RawMessageDelivery"] = "true"
        if filter_policy is not None:
            attributes["FilterPolicy"] = (filter_policy if isinstance(filter_policy, str)
                                          else json.dumps(filter_policy))
        if scope:
            attributes["FilterPolicyScope"] = scope
        return url, self.subscribe_queue(topic_arn, url, attributes)

    def subscription_attributes(self, arn):
        return self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]

    def subscriptions_of(self, topic_arn):
        """Every subscription ListSubscriptionsByTopic returns, over all pages."""
        paginator = self.sns.get_paginator("list_subscriptions_by_topic")
        return [s for page in paginator.paginate(TopicArn=topic_arn) for s in page.get("Subscriptions", [])]

    # ---- deliveries -------------------------------------------------------

    def receive_notifications(self, url, count, timeout=DELIVERY_SECONDS):
        """Long-poll the queue until `count` messages came (or `timeout` passed), deleting each;
        returns the SQS messages, with all system and message attributes."""
        found = {}
        deadline = time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            for message in self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                        AttributeNames=["All"], MessageAttributeNames=["All"]):
                found[message["MessageId"]] = message
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return list(found.values())

    def receive_envelopes(self, url, count, timeout=DELIVERY_SECONDS):
        """The parsed JSON bodies (SNS envelopes) of `count` messages; fails unless exactly
        `count` came."""
        messages = self.receive_notifications(url, count, timeout)
        self.assertEqual(len(messages), count, "messages delivered to the queue")
        return [json.loads(m["Body"]) for m in messages]

    def receive_one_envelope(self, url):
        return self.receive_envelopes(url, 1)[0]

    def assertNothingDelivered(self, url, seconds=1):
        """A long poll of `seconds` finds no message: run it after a delivery that proves the
        topic has fanned out, to catch a straggler."""
        messages = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=seconds)
        self.assertEqual([m["Body"] for m in messages], [], "unexpected deliveries")

    # ---- assertions -------------------------------------------------------

    @contextlib.contextmanager
    def assertSnsError(self, *codes):
        """Expect a ClientError whose Error.Code is one of `codes` (Query codes of botocore's
        model), raised as that code's typed exception, with the model's HTTP status (404 for
        NotFound, 400 for InvalidParameter, ...). Yields a holder whose `.error` is the error."""
        with caught_client_error(self, codes) as holder:
            yield holder
        code = holder.code
        self.assertIsInstance(holder.error, self.sns.exceptions.from_code(code),
                              "botocore did not raise the typed exception of " + code)
        self.assertEqual(status_of(holder.error), self._status_of_code(code),
                         "HTTP status of " + code)

    def _status_of_code(self, code):
        for shape in self.sns.meta.service_model.error_shapes:
            error = shape.metadata.get("error", {})
            if error.get("code") == code:
                return error.get("httpStatusCode", 400)
        return 400

    def assertTimestamp(self, value):
        """An SNS Timestamp: ISO 8601 UTC with milliseconds, e.g. 2012-05-02T00:54:06.655Z."""
        self.assertRegex(value, TIMESTAMP_RE)

    def assertSignatureVerifies(self, message):
        """The message's Signature verifies with the certificate at its SigningCertURL."""
        from cryptography.exceptions import InvalidSignature

        from support.sns_signature import verify_signature
        try:
            verify_signature(message)
        except InvalidSignature:
            self.fail("Signature (version {}) does not verify: {}".format(
                message.get("SignatureVersion"), message))
