"""aws sqs on FIFO queues: create, group and deduplication ids, order, attempt ids, batches."""

import json
import uuid

from cli.cli_base import CliTestCase


class CliFifoTests(CliTestCase):

    def send(self, url, body, group="g1", dedup=None):
        """send-message with a group and a fresh deduplication id (dedup=False sends none)."""
        args = ["send-message", "--queue-url", url, "--message-body", body, "--message-group-id", group]
        if dedup is not False:
            args += ["--message-deduplication-id", dedup or uuid.uuid4().hex]
        return self.aws_ok(*args)

    def receive(self, url, *extra):
        return self.aws_ok("receive-message", "--queue-url", url, "--wait-time-seconds", "1",
                           "--max-number-of-messages", "10", *extra).get("Messages", [])

    def test_create_fifo_queue_and_name_mismatches(self):
        """create-queue NAME.fifo with FifoQueue=true reports the FIFO attributes and defaults;
        a .fifo name without FifoQueue, or FifoQueue=true without .fifo -> InvalidParameterValue."""
        url = self.create_fifo_queue("create", {"ContentBasedDeduplication": "true"})
        self.assertEqual(self.queue_attributes(url, "FifoQueue", "ContentBasedDeduplication",
                                               "DeduplicationScope", "FifoThroughputLimit"),
                         {"FifoQueue": "true", "ContentBasedDeduplication": "true",
                          "DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue"})
        self.assertCliError(self.aws("create-queue", "--queue-name", self.unique_name("nofifo") + ".fifo"),
                            "InvalidParameterValue")
        self.assertCliError(self.aws("create-queue", "--queue-name", self.unique_name("nosuffix"),
                                     "--attributes", '{"FifoQueue":"true"}'),
                            "InvalidParameterValue")

    def test_set_high_throughput_attributes(self):
        """set-queue-attributes DeduplicationScope=messageGroup, FifoThroughputLimit=perMessageGroupId
        are read back by get-queue-attributes."""
        url = self.create_fifo_queue("ht")
        values = {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}
        self.aws_ok("set-queue-attributes", "--queue-url", url, "--attributes", json.dumps(values))
        self.assertEqual(self.queue_attributes(url, *values), values)

    def test_send_requires_group_and_rejects_delay(self):
        """send-message without --message-group-id -> MissingParameter; with --delay-seconds ->
        InvalidParameterValue."""
        url = self.create_fifo_queue("send")
        self.assertCliError(self.aws("send-message", "--queue-url", url, "--message-body", "x",
                                     "--message-deduplication-id", "d1"), "MissingParameter")
        self.assertCliError(self.aws("send-message", "--queue-url", url, "--message-body", "x",
                                     "--message-group-id", "g1", "--message-deduplication-id", "d2",
                                     "--delay-seconds", "5"), "InvalidParameterValue")

    def test_deduplication_returns_the_original_message_id(self):
        """The same --message-deduplication-id, and the same body under content-based
        deduplication, give the first MessageId; one message is delivered per id."""
        url = self.create_fifo_queue("dedup", {"ContentBasedDeduplication": "true"})
        first = self.send(url, "one", dedup="d1")["MessageId"]
        self.assertEqual(self.send(url, "two", dedup="d1")["MessageId"], first)
        by_body = self.send(url, "body", dedup=False)["MessageId"]
        self.assertEqual(self.send(url, "body", dedup=False)["MessageId"], by_body)
        self.assertEqual([m["Body"] for m in self.receive(url)], ["one", "body"])

    def test_order_sequence_numbers_and_system_attributes(self):
        """Messages of a group are received in send order with MessageGroupId,
        MessageDeduplicationId and the SequenceNumber send-message returned (increasing)."""
        url = self.create_fifo_queue("order")
        sent = [self.send(url, "m{}".format(i), "grp", "dd{}".format(i)) for i in range(3)]
        numbers = [int(s["SequenceNumber"]) for s in sent]
        self.assertEqual(numbers, sorted(set(numbers)))
        messages = self.receive(url, "--attribute-names", "All")
        self.assertEqual([m["Body"] for m in messages], ["m0", "m1", "m2"])
        for i, message in enumerate(messages):
            self.assertEqual(message["Attributes"]["MessageGroupId"], "grp")
            self.assertEqual(message["Attributes"]["MessageDeduplicationId"], "dd{}".format(i))
            self.assertEqual(message["Attributes"]["SequenceNumber"], sent[i]["SequenceNumber"])

    def test_group_in_flight_is_blocked_while_other_group_flows(self):
        """While a group's first message is in flight only the other group's messages come."""
        url = self.create_fifo_queue("block")
        for body, group in (("a1", "a"), ("a2", "a"), ("b1", "b")):
            self.send(url, body, group)
        first = self.receive(url, "--max-number-of-messages", "1", "--attribute-names", "MessageGroupId")
        self.assertEqual(len(first), 1)
        blocked = first[0]["Attributes"]["MessageGroupId"]
        expected = ["b1"] if blocked == "a" else ["a1", "a2"]
        self.assertEqual([m["Body"] for m in self.receive(url)], expected)

    def test_receive_request_attempt_id_retry(self):
        """receive-message retried with the same --receive-request-attempt-id returns the same
        messages and receipt handles."""
        url = self.create_fifo_queue("attempt")
        self.send(url, "m1")
        self.send(url, "m2")
        attempt = ["--receive-request-attempt-id", "try-" + uuid.uuid4().hex, "--visibility-timeout", "60"]
        first = self.receive(url, *attempt)
        self.assertTrue(first)
        retry = self.receive(url, *attempt)
        self.assertEqual([(m["MessageId"], m["ReceiptHandle"]) for m in retry],
                         [(m["MessageId"], m["ReceiptHandle"]) for m in first])

    def test_send_message_batch_keeps_order(self):
        """send-message-batch to one group: SequenceNumbers increase in entry order and the
        messages are received in entry order."""
        url = self.create_fifo_queue("batch")
        entries = [{"Id": "e{}".format(i), "MessageBody": "m{}".format(i), "MessageGroupId": "g1",
                    "MessageDeduplicationId": "d{}".format(i)} for i in range(4)]
        reply = self.aws_ok("send-message-batch", "--queue-url", url, "--entries", json.dumps(entries))
        by_id = {r["Id"]: r for r in reply["Successful"]}
        numbers = [int(by_id[e["Id"]]["SequenceNumber"]) for e in entries]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertEqual([m["Body"] for m in self.receive(url)], ["m0", "m1", "m2", "m3"])
