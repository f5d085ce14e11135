"""SNS FIFO topics: the .fifo name and FifoTopic go together; which endpoints may subscribe;
MessageGroupId and deduplication (by id and content-based); SequenceNumber; order per group in
a subscribed SQS FIFO queue; PublishBatch on FIFO topics.

Which endpoints may subscribe follows AWS's "Amazon SNS message delivery for FIFO topics": FIFO
topics deliver to SQS FIFO queues *and* SQS standard queues (best-effort order there), never to
customer-managed endpoints such as HTTP(S); an SQS FIFO queue cannot subscribe to a standard
topic.
"""

import json
import time
import uuid

from support.sns import DELIVERY_SECONDS, SnsTestCase, topic_arn_for


class FifoTopicTestCase(SnsTestCase):

    def publish_fifo(self, topic, message, group="g1", dedup=None, **kwargs):
        """Publish with a MessageGroupId and a fresh MessageDeduplicationId unless `dedup` is
        given (dedup=False sends none)."""
        request = {"TopicArn": topic, "Message": message, "MessageGroupId": group, **kwargs}
        if dedup is None:
            request["MessageDeduplicationId"] = uuid.uuid4().hex
        elif dedup is not False:
            request["MessageDeduplicationId"] = dedup
        return self.sns.publish(**request)

    def drain_fifo(self, url, count, timeout=DELIVERY_SECONDS):
        """Receive and delete until `count` messages came; returns them in the order received."""
        received = []
        deadline = time.monotonic() + timeout
        while len(received) < count and time.monotonic() < deadline:
            batch = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=30,
                                 AttributeNames=["All"])
            for message in batch:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            received += batch
        return received


class FifoTopicCreationTests(FifoTopicTestCase):

    def test_fifo_topic_reports_its_fifo_attributes(self):
        """A .fifo name with FifoTopic=true creates a FIFO topic: its ARN ends in the .fifo name,
        and GetTopicAttributes reports FifoTopic true and ContentBasedDeduplication false."""
        name = self.unique_topic_name("create") + ".fifo"
        arn = self.create_topic(name=name, attributes={"FifoTopic": "true"})
        self.assertEqual(arn, topic_arn_for(name))
        attributes = self.topic_attributes(arn)
        self.assertEqual((attributes.get("FifoTopic"), attributes.get("ContentBasedDeduplication")),
                         ("true", "false"))

    def test_fifo_name_without_fifo_topic_true_is_rejected(self):
        """A .fifo name without FifoTopic, or with FifoTopic=false -> InvalidParameter (a dot is
        no valid character of a standard topic name)."""
        for attributes in ({}, {"FifoTopic": "false"}):
            with self.subTest(attributes=attributes):
                with self.assertSnsError("InvalidParameter"):
                    arn = self.sns.create_topic(Name=self.unique_topic_name("nofifo") + ".fifo",
                                                Attributes=attributes)["TopicArn"]
                    self.addCleanup(self.delete_topic_quietly, arn)

    def test_fifo_topic_true_without_fifo_suffix_is_rejected(self):
        """FifoTopic=true on a name without the .fifo suffix -> InvalidParameter."""
        with self.assertSnsError("InvalidParameter"):
            arn = self.sns.create_topic(Name=self.unique_topic_name("nosuffix"),
                                        Attributes={"FifoTopic": "true"})["TopicArn"]
            self.addCleanup(self.delete_topic_quietly, arn)

    def test_content_based_deduplication_is_set_and_read_back(self):
        """ContentBasedDeduplication given at creation, and changed with SetTopicAttributes, is
        reported by GetTopicAttributes."""
        arn = self.create_fifo_topic("cbd", {"ContentBasedDeduplication": "true"})
        self.assertEqual(self.topic_attributes(arn)["ContentBasedDeduplication"], "true")
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="ContentBasedDeduplication",
                                      AttributeValue="false")
        self.assertEqual(self.topic_attributes(arn)["ContentBasedDeduplication"], "false")


class FifoSubscriptionTests(FifoTopicTestCase):

    def test_fifo_queue_subscribes_to_fifo_topic(self):
        """An SQS FIFO queue subscribes to a FIFO topic (a subscription ARN at once)."""
        topic = self.create_fifo_topic("fifoq")
        _, subscription = self.subscribed_queue(topic, fifo=True)
        self.assertTrue(subscription.startswith(topic + ":"), subscription)

    def test_standard_queue_may_subscribe_to_fifo_topic(self):
        """An SQS standard queue may subscribe to a FIFO topic too (AWS: "Amazon SNS FIFO topics
        support delivery to both Amazon SQS standard and FIFO queues") and receives its
        messages."""
        topic = self.create_fifo_topic("stdq")
        url, _ = self.subscribed_queue(topic, "stdq")
        self.publish_fifo(topic, "to a standard queue")
        self.assertEqual(self.receive_one_envelope(url)["Message"], "to a standard queue")

    def test_fifo_queue_cannot_subscribe_to_standard_topic(self):
        """An SQS FIFO queue subscribing to a standard topic -> InvalidParameter."""
        topic = self.create_topic("stdtopic")
        url = self.create_fifo_queue("stdtopic")
        with self.assertSnsError("InvalidParameter"):
            self.subscribe_queue(topic, url)

    # moto 5.2.1 deviates: it accepts the http subscription.
    def test_http_endpoint_cannot_subscribe_to_fifo_topic(self):
        """An http endpoint subscribing to a FIFO topic -> InvalidParameter (FIFO topics do not
        deliver to customer-managed endpoints)."""
        topic = self.create_fifo_topic("http")
        with self.assertSnsError("InvalidParameter"):
            self.sns.subscribe(TopicArn=topic, Protocol="http", Endpoint="http://127.0.0.1:9/never")


class FifoPublishTests(FifoTopicTestCase):

    # moto 5.2.1 deviates: it answers MissingParameter.
    def test_publish_without_message_group_id_is_rejected(self):
        """Publish to a FIFO topic without MessageGroupId -> InvalidParameter."""
        topic = self.create_fifo_topic("nogroup")
        with self.assertSnsError("InvalidParameter"):
            self.sns.publish(TopicArn=topic, Message="x", MessageDeduplicationId="d1")

    def test_publish_without_deduplication_id_or_content_based_deduplication_is_rejected(self):
        """Without ContentBasedDeduplication a publish needs a MessageDeduplicationId
        -> InvalidParameter."""
        topic = self.create_fifo_topic("nodedup")
        with self.assertSnsError("InvalidParameter"):
            self.publish_fifo(topic, "x", dedup=False)

    # moto 5.2.1 deviates: Publish returns no SequenceNumber.
    def test_publish_returns_increasing_sequence_numbers(self):
        """Publish to a FIFO topic returns a MessageId and a SequenceNumber: decimal digits,
        increasing within a message group."""
        topic = self.create_fifo_topic("seq")
        replies = [self.publish_fifo(topic, "m{}".format(i), group="g{}".format(i % 2)) for i in range(6)]
        for reply in replies:
            self.assertTrue(reply["MessageId"])
            self.assertRegex(reply["SequenceNumber"], r"^\d+$")
        for group in (0, 1):
            numbers = [int(r["SequenceNumber"]) for r in replies[group::2]]
            self.assertEqual(numbers, sorted(set(numbers)), "group g{} not increasing".format(group))

    def test_repeated_deduplication_id_is_delivered_once(self):
        """A second publish with the same MessageDeduplicationId within 5 minutes is accepted but
        not delivered again: the queue gets the first message only."""
        topic = self.create_fifo_topic("dedup")
        url, _ = self.subscribed_queue(topic, fifo=True)
        self.publish_fifo(topic, "first", dedup="same")
        self.publish_fifo(topic, "second", dedup="same")
        self.publish_fifo(topic, "after", dedup="other")
        self.assertEqual([self.envelope_message(m) for m in self.drain_fifo(url, 2)], ["first", "after"])
        self.assertNothingDelivered(url)

    # moto 5.2.1 deviates: it passes no deduplication id on to the FIFO queue, whose SendMessage
    # fails, so Publish fails.
    def test_content_based_deduplication_delivers_a_body_once(self):
        """With ContentBasedDeduplication the same message published twice (no deduplication id)
        is delivered once; a different message is delivered."""
        topic = self.create_fifo_topic("cbdpub", {"ContentBasedDeduplication": "true"})
        url, _ = self.subscribed_queue(topic, fifo=True)
        self.publish_fifo(topic, "same", dedup=False)
        self.publish_fifo(topic, "same", dedup=False)
        self.publish_fifo(topic, "other", dedup=False)
        self.assertEqual([self.envelope_message(m) for m in self.drain_fifo(url, 2)], ["same", "other"])
        self.assertNothingDelivered(url)

    def test_fifo_queue_receives_each_group_in_publish_order(self):
        """Messages of two groups published interleaved arrive in the subscribed FIFO queue in
        publish order within each group, with the publish's MessageGroupId on each SQS message."""
        topic = self.create_fifo_topic("order")
        url, _ = self.subscribed_queue(topic, fifo=True)
        sent = [("g{}".format(i % 2), "m{}".format(i)) for i in range(8)]
        for group, message in sent:
            self.publish_fifo(topic, message, group=group)
        received = self.drain_fifo(url, len(sent))
        self.assertEqual(len(received), len(sent))
        for group in ("g0", "g1"):
            with self.subTest(group=group):
                self.assertEqual(
                    [self.envelope_message(m) for m in received if m["Attributes"]["MessageGroupId"] == group],
                    [message for g, message in sent if g == group])

    # moto 5.2.1 deviates: no SequenceNumber, in the reply or the envelope.
    def test_fifo_envelope_carries_the_sequence_number(self):
        """The SQS envelope of a FIFO topic's message has Type Notification, the MessageId and the
        SequenceNumber that Publish returned."""
        topic = self.create_fifo_topic("envseq")
        url, _ = self.subscribed_queue(topic, fifo=True)
        reply = self.publish_fifo(topic, "numbered")
        envelope = self.receive_one_envelope(url)
        self.assertEqual((envelope["Type"], envelope["MessageId"], envelope.get("SequenceNumber")),
                         ("Notification", reply["MessageId"], reply["SequenceNumber"]))

    # moto 5.2.1 deviates: no SequenceNumber in the entries.
    def test_publish_batch_to_fifo_topic_returns_sequence_numbers_and_keeps_order(self):
        """PublishBatch on a FIFO topic: each Successful entry has a SequenceNumber (increasing in
        entry order within the group) and the FIFO queue gets the entries in order."""
        topic = self.create_fifo_topic("batch")
        url, _ = self.subscribed_queue(topic, fifo=True)
        entries = [{"Id": "e{}".format(i), "Message": "b{}".format(i), "MessageGroupId": "g",
                    "MessageDeduplicationId": uuid.uuid4().hex} for i in range(5)]
        reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
        self.assertEqual(reply.get("Failed", []), [])
        by_id = {r["Id"]: r for r in reply["Successful"]}
        numbers = [int(by_id["e{}".format(i)]["SequenceNumber"]) for i in range(5)]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertEqual([self.envelope_message(m) for m in self.drain_fifo(url, 5)],
                         ["b{}".format(i) for i in range(5)])

    def test_publish_batch_without_message_group_id_is_rejected(self):
        """PublishBatch on a FIFO topic with an entry lacking MessageGroupId -> InvalidParameter
        (for the whole batch or as that entry's Failed result)."""
        topic = self.create_fifo_topic("batchnogroup")
        entries = [{"Id": "a", "Message": "x", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
                   {"Id": "b", "Message": "y", "MessageDeduplicationId": "2"}]
        try:
            reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
        except self.sns.exceptions.InvalidParameterException:
            return
        self.assertEqual([(f["Id"], f["Code"], f["SenderFault"]) for f in reply.get("Failed", [])],
                         [("b", "InvalidParameter", True)])

    @staticmethod
    def envelope_message(sqs_message):
        return json.loads(sqs_message["Body"])["Message"]
