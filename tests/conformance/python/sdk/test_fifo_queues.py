"""FIFO queues: the .fifo name and FifoQueue go together; the FIFO attributes and their defaults."""

from support.fifo import FifoTestCase
from support.settings import ACCOUNT_ID

FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}


class FifoCreateQueueTests(FifoTestCase):

    def test_fifo_name_with_fifo_queue_true_reports_fifo_defaults(self):
        """A .fifo name with FifoQueue=true creates a FIFO queue whose attributes (All) include
        FifoQueue=true and the defaults of ContentBasedDeduplication, DeduplicationScope and
        FifoThroughputLimit."""
        name = self.unique_name("create") + ".fifo"
        url = self.create_queue(name=name, attributes={"FifoQueue": "true"})
        self.assertTrue(url.endswith("/{}/{}".format(ACCOUNT_ID, name)), url)
        attributes = self.queue_attributes(url)
        for attribute, value in FIFO_DEFAULTS.items():
            with self.subTest(attribute=attribute):
                self.assertEqual(attributes.get(attribute), value)

    def test_fifo_suffix_without_fifo_queue_true_is_rejected(self):
        """A .fifo name without FifoQueue, or with FifoQueue=false -> InvalidParameterValue."""
        for attributes in ({}, {"FifoQueue": "false"}):
            with self.subTest(attributes=attributes):
                with self.assertSqsError("InvalidParameterValue"):
                    url = self.sqs.create_queue(QueueName=self.unique_name("nofifo") + ".fifo",
                                                Attributes=attributes)["QueueUrl"]
                    self.addCleanup(self._delete_queue_quietly, url)

    def test_fifo_queue_true_without_fifo_suffix_is_rejected(self):
        """FifoQueue=true on a name without the .fifo suffix -> InvalidParameterValue."""
        with self.assertSqsError("InvalidParameterValue"):
            url = self.sqs.create_queue(QueueName=self.unique_name("nosuffix"),
                                        Attributes={"FifoQueue": "true"})["QueueUrl"]
            self.addCleanup(self._delete_queue_quietly, url)

    def test_fifo_attribute_on_standard_queue_is_rejected(self):
        """ContentBasedDeduplication on a standard queue -> InvalidAttributeName ("Unknown Attribute")."""
        with self.assertSqsError("InvalidAttributeName"):
            url = self.sqs.create_queue(QueueName=self.unique_name("stdcbd"),
                                        Attributes={"ContentBasedDeduplication": "true"})["QueueUrl"]
            self.addCleanup(self._delete_queue_quietly, url)

    def test_create_again_with_same_attributes_is_idempotent(self):
        """Creating an existing FIFO queue again with the same attributes returns the same URL."""
        name = self.unique_name("idem") + ".fifo"
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
        url = self.create_queue(name=name, attributes=attributes)
        self.assertEqual(self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"], url)


class FifoQueueAttributeTests(FifoTestCase):

    def test_high_throughput_attributes_given_at_create_are_reported(self):
        """DeduplicationScope=messageGroup and FifoThroughputLimit=perMessageGroupId given to
        CreateQueue are reported by GetQueueAttributes."""
        url = self.create_fifo_queue("ht", {"DeduplicationScope": "messageGroup",
                                            "FifoThroughputLimit": "perMessageGroupId"})
        self.assertEqual(self.queue_attributes(url, "DeduplicationScope", "FifoThroughputLimit"),
                         {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"})

    def test_set_queue_attributes_changes_fifo_attributes(self):
        """SetQueueAttributes sets DeduplicationScope, FifoThroughputLimit and
        ContentBasedDeduplication; GetQueueAttributes reads them back."""
        url = self.create_fifo_queue("setht")
        values = {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId",
                  "ContentBasedDeduplication": "true"}
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes=values)
        self.assertEqual(self.queue_attributes(url, *values), values)
