"""GetQueueAttributes and SetQueueAttributes on standard queues."""

import time

from support.base import SqsTestCase
from support.settings import ACCOUNT_ID, REGION

# Defaults of a new standard queue per the SQS API reference; MaximumMessageSize
# became 1 MiB in 2025 (aws-limits.md §5.1).
DEFAULTS = {
    "VisibilityTimeout": "30",
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
}

# (attribute, largest/smallest valid value, first invalid value beyond it)
RANGES = [
    ("VisibilityTimeout", "43200", "43201"),
    ("VisibilityTimeout", "0", "-1"),
    ("DelaySeconds", "900", "901"),
    ("MaximumMessageSize", "1024", "1023"),
    ("MaximumMessageSize", "1048576", "1048577"),
    ("MessageRetentionPeriod", "60", "59"),
    ("MessageRetentionPeriod", "1209600", "1209601"),
    ("ReceiveMessageWaitTimeSeconds", "20", "21"),
]


class GetQueueAttributesTests(SqsTestCase):

    def test_all_returns_standard_attributes_with_defaults(self):
        """AttributeNames=[All] returns the documented set, defaults for a new queue."""
        attributes = self.queue_attributes(self.create_queue("all"))
        for name in ("QueueArn", "CreatedTimestamp", "LastModifiedTimestamp",
                     "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                     "ApproximateNumberOfMessagesDelayed", *DEFAULTS):
            self.assertIn(name, attributes)
        for name, value in DEFAULTS.items():
            with self.subTest(attribute=name):
                self.assertEqual(attributes[name], value)
        self.assertNotIn("FifoQueue", attributes, "standard queues do not report FifoQueue")

    def test_individual_names_return_only_those(self):
        """Asking for named attributes returns exactly those."""
        url = self.create_queue("some")
        attributes = self.queue_attributes(url, "VisibilityTimeout", "QueueArn")
        self.assertEqual(set(attributes), {"VisibilityTimeout", "QueueArn"})

    def test_queue_arn_has_region_account_and_name(self):
        """QueueArn is arn:aws:sqs:us-east-1:<account>:<name>."""
        name = self.unique_name("arn")
        url = self.create_queue(name=name)
        self.assertEqual(self.queue_attributes(url, "QueueArn")["QueueArn"],
                         "arn:aws:sqs:{}:{}:{}".format(REGION, ACCOUNT_ID, name))

    def test_created_timestamp_is_integer_epoch_seconds_near_now(self):
        """CreatedTimestamp and LastModifiedTimestamp are whole epoch seconds close to now."""
        before = int(time.time())
        url = self.create_queue("ts")
        after = int(time.time())
        attributes = self.queue_attributes(url, "CreatedTimestamp", "LastModifiedTimestamp")
        for name in ("CreatedTimestamp", "LastModifiedTimestamp"):
            with self.subTest(attribute=name):
                value = attributes[name]
                self.assertRegex(value, r"^\d+$", "whole seconds, not milliseconds or a fraction")
                self.assertTrue(before - 5 <= int(value) <= after + 5, value)

    def test_unknown_attribute_name_is_rejected(self):
        """GetQueueAttributes with an unknown name -> InvalidAttributeName."""
        url = self.create_queue("unknown")
        with self.assertSqsError("InvalidAttributeName"):
            self.unchecked_sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["NoSuchThing"])

    def test_message_counts_follow_sends_receives_and_delays(self):
        """ApproximateNumberOfMessages / NotVisible / Delayed move with the queue's messages."""
        url = self.create_queue("counts")
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)
        self.send_bodies(url, "one", "two")
        self.sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        self.assertCounts(url, visible=2, not_visible=0, delayed=1)
        message = self.receive_one(url, VisibilityTimeout=60)
        self.assertCounts(url, visible=1, not_visible=1, delayed=1)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        self.assertCounts(url, visible=1, not_visible=0, delayed=1)


class SetQueueAttributesTests(SqsTestCase):

    def test_valid_values_are_stored(self):
        """SetQueueAttributes with in-range values changes what GetQueueAttributes returns."""
        url = self.create_queue("set")
        values = {"VisibilityTimeout": "90", "DelaySeconds": "5", "MaximumMessageSize": "4096",
                  "MessageRetentionPeriod": "7200", "ReceiveMessageWaitTimeSeconds": "4"}
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes=values)
        attributes = self.queue_attributes(url, *values)
        self.assertEqual(attributes, values)

    def test_boundary_values_are_accepted(self):
        """The smallest and largest documented values of each attribute are valid."""
        url = self.create_queue("bounds")
        for name, valid, _ in RANGES:
            with self.subTest(attribute=name, value=valid):
                self.sqs.set_queue_attributes(QueueUrl=url, Attributes={name: valid})
                self.assertEqual(self.queue_attributes(url, name)[name], valid)

    def test_out_of_range_values_are_rejected(self):
        """A value just outside an attribute's range -> InvalidAttributeValue, nothing changes."""
        url = self.create_queue("range")
        for name, _, invalid in RANGES:
            with self.subTest(attribute=name, value=invalid):
                before = self.queue_attributes(url, name)[name]
                with self.assertSqsError("InvalidAttributeValue"):
                    self.sqs.set_queue_attributes(QueueUrl=url, Attributes={name: invalid})
                self.assertEqual(self.queue_attributes(url, name)[name], before)

    def test_non_numeric_value_is_rejected(self):
        """VisibilityTimeout='abc' -> InvalidAttributeValue."""
        url = self.create_queue("nan")
        with self.assertSqsError("InvalidAttributeValue"):
            self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "abc"})

    def test_unknown_attribute_is_rejected(self):
        """SetQueueAttributes with an unknown attribute name -> InvalidAttributeName."""
        url = self.create_queue("bogus")
        with self.assertSqsError("InvalidAttributeName"):
            self.unchecked_sqs.set_queue_attributes(QueueUrl=url, Attributes={"Bogus": "1"})

    def test_last_modified_timestamp_advances(self):
        """SetQueueAttributes moves LastModifiedTimestamp forward (whole seconds)."""
        url = self.create_queue("lastmod")
        before = self.queue_attributes(url, "LastModifiedTimestamp")["LastModifiedTimestamp"]
        time.sleep(1.1)
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "31"})
        after = self.queue_attributes(url, "LastModifiedTimestamp")["LastModifiedTimestamp"]
        self.assertRegex(after, r"^\d+$")
        self.assertGreater(int(after), int(before))
