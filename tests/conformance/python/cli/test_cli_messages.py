"""aws sqs: message commands (send, batch, receive, delete, visibility, purge)."""

import json

from cli.cli_base import CliTestCase
from support.md5 import md5_of_attributes, md5_of_body

BODY = 'héllo ✓ & <x> 😀'
# String and Number only: the CLIs disagree on how blob arguments are given
# (v2 expects base64, v1 raw text; aws-wire.md §2).
ATTRIBUTES = {"color": {"DataType": "String", "StringValue": "blue é"},
              "size": {"DataType": "Number", "StringValue": "42"},
              "kind": {"DataType": "String.custom", "StringValue": "k"}}


class CliMessageTests(CliTestCase):

    def send(self, url, body, attributes=None):
        args = ["send-message", "--queue-url", url, "--message-body", body]
        if attributes:
            args += ["--message-attributes", json.dumps(attributes)]
        return self.aws_ok(*args)

    def receive(self, url, *extra):
        return self.aws_ok("receive-message", "--queue-url", url, "--wait-time-seconds", "2",
                           *extra).get("Messages", [])

    def test_send_message_checksums(self):
        """send-message returns MD5OfMessageBody and MD5OfMessageAttributes as computed locally."""
        url = self.create_queue("send")
        reply = self.send(url, BODY, ATTRIBUTES)
        self.assertEqual(reply["MD5OfMessageBody"], md5_of_body(BODY))
        self.assertEqual(reply["MD5OfMessageAttributes"], md5_of_attributes(ATTRIBUTES))
        self.assertTrue(reply["MessageId"])

    def test_receive_message_with_all_attributes(self):
        """receive-message returns the body, system attributes and message attributes."""
        url = self.create_queue("recv")
        self.send(url, BODY, ATTRIBUTES)
        messages = self.receive(url, "--attribute-names", "All", "--message-attribute-names", "All")
        self.assertEqual(len(messages), 1)
        message = messages[0]
        self.assertEqual(message["Body"], BODY)
        self.assertEqual(message["MD5OfBody"], md5_of_body(BODY))
        self.assertEqual(message["MD5OfMessageAttributes"], md5_of_attributes(ATTRIBUTES))
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
        self.assertEqual({k: v["StringValue"] for k, v in message["MessageAttributes"].items()},
                         {k: v["StringValue"] for k, v in ATTRIBUTES.items()})

    def test_receive_from_empty_queue(self):
        """receive-message on an empty queue prints no messages."""
        url = self.create_queue("empty")
        self.assertEqual(self.receive(url), [])

    def test_delete_message(self):
        """delete-message removes a received message for good."""
        url = self.create_queue("del")
        self.send(url, "bye")
        handle = self.receive(url)[0]["ReceiptHandle"]
        self.aws_ok("delete-message", "--queue-url", url, "--receipt-handle", handle)
        attributes = self.queue_attributes(url, "ApproximateNumberOfMessages",
                                           "ApproximateNumberOfMessagesNotVisible")
        self.assertEqual(attributes, {"ApproximateNumberOfMessages": "0",
                                      "ApproximateNumberOfMessagesNotVisible": "0"})

    def test_delete_message_with_invalid_handle_fails(self):
        """delete-message with a malformed receipt handle -> ReceiptHandleIsInvalid."""
        url = self.create_queue("badrh")
        result = self.aws("delete-message", "--queue-url", url, "--receipt-handle", "garbage")
        self.assertCliError(result, "ReceiptHandleIsInvalid")

    def test_send_message_batch_echoes_ids(self):
        """send-message-batch returns one Successful entry per Id with the body's MD5."""
        url = self.create_queue("batch")
        entries = [{"Id": "a", "MessageBody": "one"}, {"Id": "b", "MessageBody": "twö"}]
        reply = self.aws_ok("send-message-batch", "--queue-url", url, "--entries", json.dumps(entries))
        results = {r["Id"]: r for r in reply["Successful"]}
        self.assertEqual(set(results), {"a", "b"})
        for entry in entries:
            self.assertEqual(results[entry["Id"]]["MD5OfMessageBody"], md5_of_body(entry["MessageBody"]))

    def test_delete_message_batch(self):
        """delete-message-batch deletes received messages and echoes their Ids."""
        url = self.create_queue("delbatch")
        self.aws_ok("send-message-batch", "--queue-url", url, "--entries",
                    json.dumps([{"Id": "a", "MessageBody": "1"}, {"Id": "b", "MessageBody": "2"}]))
        messages = []
        for _ in range(5):  # a standard queue may hand out a batch in parts
            messages += self.receive(url, "--max-number-of-messages", "10", "--visibility-timeout", "60")
            if len(messages) >= 2:
                break
        entries = [{"Id": "d{}".format(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        reply = self.aws_ok("delete-message-batch", "--queue-url", url, "--entries", json.dumps(entries))
        self.assertEqual({r["Id"] for r in reply["Successful"]}, {e["Id"] for e in entries})
        self.assertEqual(len(entries), 2)

    def test_change_message_visibility_to_zero(self):
        """change-message-visibility 0 makes the message receivable again at once."""
        url = self.create_queue("cmv")
        self.send(url, "again")
        first = self.receive(url, "--visibility-timeout", "60")[0]
        self.aws_ok("change-message-visibility", "--queue-url", url,
                    "--receipt-handle", first["ReceiptHandle"], "--visibility-timeout", "0")
        second = self.receive(url, "--attribute-names", "ApproximateReceiveCount")
        self.assertEqual(second[0]["MessageId"], first["MessageId"])
        self.assertEqual(second[0]["Attributes"]["ApproximateReceiveCount"], "2")

    def test_purge_queue(self):
        """purge-queue empties the queue."""
        url = self.create_queue("purge")
        self.send(url, "x")
        self.aws_ok("purge-queue", "--queue-url", url)
        self.assertEqual(self.queue_attributes(url, "ApproximateNumberOfMessages"),
                         {"ApproximateNumberOfMessages": "0"})
