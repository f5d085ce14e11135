"""SendMessageBatch: per-entry results, checksums and partial failure."""

from support.base import SqsTestCase
from support.md5 import md5_of_attributes, md5_of_body


class SendMessageBatchTests(SqsTestCase):

    def test_each_entry_succeeds_with_its_id_and_checksums(self):
        """Every entry gets a Successful result echoing its Id, with its MessageId and MD5s."""
        url = self.create_queue("batch")
        attributes = {"k": {"DataType": "String", "StringValue": "v"},
                      "b": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}}
        entries = [
            {"Id": "plain", "MessageBody": "one"},
            {"Id": "with-attrs_2", "MessageBody": "twö ✓", "MessageAttributes": attributes},
            {"Id": "X" * 80, "MessageBody": "three"},
        ]
        reply = self.sqs.send_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual(reply.get("Failed", []), [])
        results = {r["Id"]: r for r in reply["Successful"]}
        self.assertEqual(set(results), {e["Id"] for e in entries})
        for entry in entries:
            with self.subTest(id=entry["Id"]):
                result = results[entry["Id"]]
                self.assertTrue(result["MessageId"])
                self.assertEqual(result["MD5OfMessageBody"], md5_of_body(entry["MessageBody"]))
                expected = md5_of_attributes(entry.get("MessageAttributes", {}))
                self.assertEqual(result.get("MD5OfMessageAttributes"), expected)
        message_ids = {r["MessageId"] for r in reply["Successful"]}
        self.assertEqual(len(message_ids), 3, "distinct MessageIds")

    def test_batch_messages_are_all_delivered(self):
        """Ten batched messages are all received, with the bodies sent."""
        url = self.create_queue("deliver")
        entries = [{"Id": "m{}".format(i), "MessageBody": "body-{}".format(i)} for i in range(10)]
        reply = self.sqs.send_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual(len(reply["Successful"]), 10)
        bodies = sorted(m["Body"] for m in self.receive_all(url, 10))
        self.assertEqual(bodies, sorted(e["MessageBody"] for e in entries))

    def test_entry_delay_seconds_applies_per_entry(self):
        """An entry's DelaySeconds delays only that entry."""
        url = self.create_queue("bdelay")
        self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "now", "MessageBody": "now"},
            {"Id": "later", "MessageBody": "later", "DelaySeconds": 60}])
        self.assertCounts(url, visible=1, not_visible=0, delayed=1)
        self.assertEqual(self.receive_one(url)["Body"], "now")

    def test_one_bad_entry_fails_alone(self):
        """An entry with invalid characters is Failed (SenderFault) while the rest succeed."""
        url = self.create_queue("mixed")
        reply = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "good1", "MessageBody": "fine"},
            {"Id": "bad", "MessageBody": "nul\u0000"},
            {"Id": "good2", "MessageBody": "also fine"}])
        self.assertEqual({r["Id"] for r in reply["Successful"]}, {"good1", "good2"})
        failed = reply.get("Failed", [])
        self.assertEqual([f["Id"] for f in failed], ["bad"])
        self.assertTrue(failed[0]["SenderFault"])
        self.assertEqual(failed[0]["Code"], "InvalidMessageContents")
        self.assertTrue(failed[0].get("Message"))
        self.assertCounts(url, visible=2, not_visible=0, delayed=0)

    def test_batch_over_total_size_limit_is_rejected(self):
        """Entries whose bodies add up to more than 1 MiB -> BatchRequestTooLong."""
        url = self.create_queue("toolong")
        half = "a" * (600 * 1024)
        with self.assertSqsError("BatchRequestTooLong"):
            self.sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": "a", "MessageBody": half}, {"Id": "b", "MessageBody": half}])
