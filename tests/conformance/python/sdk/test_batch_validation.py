"""Request-level batch errors, shared by SendMessageBatch, DeleteMessageBatch and
ChangeMessageVisibilityBatch: empty, more than ten, duplicate ids, malformed ids."""

from support.base import SqsTestCase

OPERATIONS = ("send_message_batch", "delete_message_batch", "change_message_visibility_batch")


class BatchValidationTests(SqsTestCase):

    def setUp(self):
        self.url = self.create_queue("bval")
        self.sqs.send_message(QueueUrl=self.url, MessageBody="for a receipt handle")
        # A real handle, so that only the batch shape is wrong in each request.
        self.handle = self.receive_one(self.url, VisibilityTimeout=60)["ReceiptHandle"]

    def entry(self, operation, entry_id, handle=None):
        handle = handle or self.handle
        if operation == "send_message_batch":
            return {"Id": entry_id, "MessageBody": "x"}
        if operation == "delete_message_batch":
            return {"Id": entry_id, "ReceiptHandle": handle}
        return {"Id": entry_id, "ReceiptHandle": handle, "VisibilityTimeout": 60}

    def call(self, operation, entries):
        return getattr(self.unchecked_sqs, operation)(QueueUrl=self.url, Entries=entries)

    def test_empty_batch_is_rejected(self):
        """A batch with no entries -> EmptyBatchRequest."""
        for operation in OPERATIONS:
            with self.subTest(operation=operation):
                with self.assertSqsError("EmptyBatchRequest") as caught:
                    self.call(operation, [])
                self.assertIsInstance(caught.error, self.sqs.exceptions.EmptyBatchRequest)

    def test_more_than_ten_entries_are_rejected(self):
        """A batch of eleven entries -> TooManyEntriesInBatchRequest."""
        for operation in OPERATIONS:
            with self.subTest(operation=operation):
                # Distinct handles, so that only the entry count is wrong; the count is
                # checked for the whole request before any handle is looked at.
                entries = [self.entry(operation, "e{}".format(i), "{}-{}".format(self.handle, i))
                           for i in range(11)]
                with self.assertSqsError("TooManyEntriesInBatchRequest"):
                    self.call(operation, entries)

    def test_duplicate_ids_are_rejected(self):
        """Two entries with the same Id -> BatchEntryIdsNotDistinct."""
        for operation in OPERATIONS:
            with self.subTest(operation=operation):
                entries = [self.entry(operation, "same"), self.entry(operation, "same")]
                with self.assertSqsError("BatchEntryIdsNotDistinct"):
                    self.call(operation, entries)

    def test_malformed_ids_are_rejected(self):
        """Ids outside [A-Za-z0-9_-]{1,80} -> InvalidBatchEntryId."""
        for operation in OPERATIONS:
            for bad_id in ("has space", "dot.id", "x" * 81, "ünï"):
                with self.subTest(operation=operation, id=bad_id):
                    with self.assertSqsError("InvalidBatchEntryId"):
                        self.call(operation, [self.entry(operation, bad_id)])

    def test_rejected_send_batch_stores_nothing(self):
        """A SendMessageBatch rejected as a whole enqueues none of its entries."""
        entries = [self.entry("send_message_batch", "ok"), self.entry("send_message_batch", "ok")]
        with self.assertSqsError("BatchEntryIdsNotDistinct"):
            self.call("send_message_batch", entries)
        self.assertCounts(self.url, visible=0, not_visible=1, delayed=0)
