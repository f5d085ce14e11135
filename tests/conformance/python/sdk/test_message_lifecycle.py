"""DeleteMessage(Batch), ChangeMessageVisibility(Batch) and PurgeQueue."""

import time

from support.base import SqsTestCase

INVALID_HANDLE = "not-a-receipt-handle"


class DeleteMessageTests(SqsTestCase):

    def test_deleted_message_is_never_redelivered(self):
        """A message deleted while in flight does not come back after its visibility timeout."""
        url = self.create_queue("del")
        self.send_bodies(url, "bye")
        message = self.receive_one(url, VisibilityTimeout=1)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)
        time.sleep(1.2)
        self.assertEqual(self.receive(url, WaitTimeSeconds=1), [])

    def test_invalid_receipt_handle_is_rejected(self):
        """DeleteMessage with a malformed receipt handle -> ReceiptHandleIsInvalid."""
        url = self.create_queue("badrh")
        with self.assertSqsError("ReceiptHandleIsInvalid") as caught:
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=INVALID_HANDLE)
        self.assertIsInstance(caught.error, self.sqs.exceptions.ReceiptHandleIsInvalid)

    def test_deleting_twice_succeeds(self):
        """Deleting an already deleted message with its well-formed handle is not an error.

        The DeleteMessage API reference: a request with a handle that is not the latest
        "will still succeed"; AWS likewise accepts a repeated delete.
        """
        url = self.create_queue("twice")
        self.send_bodies(url, "x")
        handle = self.receive_one(url)["ReceiptHandle"]
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)


class DeleteMessageBatchTests(SqsTestCase):

    def test_batch_deletes_and_reports_bad_handles_per_entry(self):
        """Good handles are Successful by Id; a malformed one is Failed with ReceiptHandleIsInvalid."""
        url = self.create_queue("delb")
        self.send_bodies(url, "a", "b", "c")
        messages = self.receive_all(url, 3, VisibilityTimeout=60)
        self.assertEqual(len(messages), 3)
        entries = [{"Id": "m{}".format(i), "ReceiptHandle": m["ReceiptHandle"]}
                   for i, m in enumerate(messages[:2])]
        entries.append({"Id": "bad", "ReceiptHandle": INVALID_HANDLE})
        reply = self.sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual({r["Id"] for r in reply["Successful"]}, {"m0", "m1"})
        failed = reply.get("Failed", [])
        self.assertEqual([f["Id"] for f in failed], ["bad"])
        self.assertEqual(failed[0]["Code"], "ReceiptHandleIsInvalid")
        self.assertTrue(failed[0]["SenderFault"])
        self.assertCounts(url, visible=0, not_visible=1, delayed=0)


class ChangeMessageVisibilityTests(SqsTestCase):

    def test_zero_makes_message_visible_at_once(self):
        """ChangeMessageVisibility to 0 makes an in-flight message receivable immediately."""
        url = self.create_queue("cmv0")
        self.send_bodies(url, "x")
        first = self.receive_one(url, VisibilityTimeout=60)
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                                           VisibilityTimeout=0)
        second = self.receive_one(url, WaitTimeSeconds=1, AttributeNames=["ApproximateReceiveCount"])
        self.assertEqual(second["MessageId"], first["MessageId"])
        self.assertEqual(second["Attributes"]["ApproximateReceiveCount"], "2")

    def test_extending_keeps_message_hidden(self):
        """Raising the timeout of an in-flight message keeps it hidden past the original one."""
        url = self.create_queue("cmvext")
        self.send_bodies(url, "x")
        message = self.receive_one(url, VisibilityTimeout=1)
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                           VisibilityTimeout=30)
        time.sleep(1.5)
        self.assertEqual(self.receive(url), [])
        self.assertCounts(url, visible=0, not_visible=1, delayed=0)

    def test_invalid_receipt_handle_is_rejected(self):
        """ChangeMessageVisibility with a malformed handle -> ReceiptHandleIsInvalid."""
        url = self.create_queue("cmvbad")
        with self.assertSqsError("ReceiptHandleIsInvalid"):
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=INVALID_HANDLE,
                                               VisibilityTimeout=10)

    def test_out_of_range_timeout_is_rejected(self):
        """VisibilityTimeout above 43200 -> InvalidParameterValue."""
        url = self.create_queue("cmvrange")
        self.send_bodies(url, "x")
        handle = self.receive_one(url)["ReceiptHandle"]
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle,
                                               VisibilityTimeout=43201)


class ChangeMessageVisibilityBatchTests(SqsTestCase):

    def test_batch_changes_and_reports_bad_handles_per_entry(self):
        """Entries with good handles succeed (and become visible at 0); a bad one is Failed."""
        url = self.create_queue("cmvb")
        self.send_bodies(url, "a", "b")
        messages = self.receive_all(url, 2, VisibilityTimeout=60)
        self.assertEqual(len(messages), 2)
        entries = [{"Id": "e{}".format(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                   for i, m in enumerate(messages)]
        entries.append({"Id": "bad", "ReceiptHandle": INVALID_HANDLE, "VisibilityTimeout": 0})
        reply = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=entries)
        self.assertEqual({r["Id"] for r in reply["Successful"]}, {"e0", "e1"})
        failed = reply.get("Failed", [])
        self.assertEqual([f["Id"] for f in failed], ["bad"])
        self.assertEqual(failed[0]["Code"], "ReceiptHandleIsInvalid")
        again = self.receive_all(url, 2)
        self.assertEqual({m["MessageId"] for m in again}, {m["MessageId"] for m in messages})


class PurgeQueueTests(SqsTestCase):

    def test_purge_removes_all_messages(self):
        """PurgeQueue deletes visible, in-flight and delayed messages."""
        url = self.create_queue("purge")
        self.send_bodies(url, "a", "b", "c")
        self.sqs.send_message(QueueUrl=url, MessageBody="d", DelaySeconds=30)
        self.receive_one(url, VisibilityTimeout=60)
        self.sqs.purge_queue(QueueUrl=url)
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)
        self.assertEqual(self.receive(url, WaitTimeSeconds=1), [])

    def test_queue_accepts_messages_after_purge(self):
        """Messages sent after the purge are delivered.

        AWS may still delete messages sent within the purge's 60 s window, so the
        check waits for the purge to settle before sending.
        """
        url = self.create_queue("after")
        self.send_bodies(url, "old")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)
        self.send_bodies(url, "new")
        self.assertEqual(self.receive_one(url)["Body"], "new")

    def test_second_purge_within_a_minute_is_rejected(self):
        """A second PurgeQueue within 60 s -> PurgeQueueInProgress (HTTP 403)."""
        url = self.create_queue("purge2")
        self.sqs.purge_queue(QueueUrl=url)
        with self.assertSqsError("PurgeQueueInProgress") as caught:
            self.sqs.purge_queue(QueueUrl=url)
        self.assertEqual(caught.error.response["ResponseMetadata"]["HTTPStatusCode"], 403)
