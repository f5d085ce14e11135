"""FIFO messages: MessageGroupId, order per group, deduplication, SequenceNumber,
ReceiveRequestAttemptId, batches and the FIFO system attributes."""

import threading
import time
import uuid

from support.fifo import FifoTestCase, bodies, group_of


class FifoSendTests(FifoTestCase):

    def test_send_without_message_group_id_is_rejected(self):
        """SendMessage to a FIFO queue without MessageGroupId -> MissingParameter."""
        url = self.create_fifo_queue("nogroup")
        with self.assertSqsError("MissingParameter"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="d1")
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)

    def test_send_without_deduplication_id_needs_content_based_deduplication(self):
        """Without MessageDeduplicationId and without ContentBasedDeduplication -> InvalidParameterValue."""
        url = self.create_fifo_queue("nodedup")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g1")

    def test_per_message_delay_seconds_is_rejected(self):
        """DelaySeconds on a message sent to a FIFO queue -> InvalidParameterValue (the delay can
        only be set on the queue); nothing is stored."""
        url = self.create_fifo_queue("delay")
        with self.assertSqsError("InvalidParameterValue"):
            self.send_fifo(url, "x", DelaySeconds=5)
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)

    def test_per_message_delay_seconds_zero_is_accepted(self):
        """DelaySeconds=0 on a FIFO message is accepted and the message is delivered at once (AWS
        takes 0 and refuses any other value; some clients always send DelaySeconds)."""
        url = self.create_fifo_queue("delay0")
        self.send_fifo(url, "now", DelaySeconds=0)
        self.assertEqual(self.receive_one(url)["Body"], "now")

    def test_queue_delay_seconds_applies_to_fifo_messages(self):
        """The queue's DelaySeconds delays FIFO messages: Delayed at first, delivered afterwards."""
        url = self.create_fifo_queue("qdelay", {"DelaySeconds": "1"})
        self.send_fifo(url, "later")
        self.assertEqual(self.receive(url), [], "not visible during the queue's delay")
        self.assertEqual(self.receive_one(url, WaitTimeSeconds=5)["Body"], "later")

    def test_standard_queue_rejects_message_deduplication_id(self):
        """MessageDeduplicationId on a standard queue -> InvalidParameterValue (FIFO-only parameter)."""
        url = self.create_queue("stddedup")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="d1")

    def test_sequence_numbers_are_decimal_and_increase_per_group(self):
        """SendMessage returns a SequenceNumber: decimal digits, unique, strictly increasing within
        each group (AWS: it "continues to increase for a particular MessageGroupId"); the received
        message carries the same SequenceNumber."""
        url = self.create_fifo_queue("seq")
        sent = [self.send_fifo(url, "m{}".format(i), group="g{}".format(i % 2)) for i in range(6)]
        numbers = [s["SequenceNumber"] for s in sent]
        for number in numbers:
            self.assertRegex(number, r"^\d+$")
        self.assertEqual(len(set(numbers)), len(numbers))
        for group in (0, 1):
            in_group = [int(n) for n in numbers[group::2]]
            self.assertEqual(in_group, sorted(in_group), "group g{}: {}".format(group, in_group))
        by_id = {s["MessageId"]: s["SequenceNumber"] for s in sent}
        for message in self.drain(url, 6):
            self.assertEqual(message["Attributes"]["SequenceNumber"], by_id[message["MessageId"]])


class FifoDeduplicationTests(FifoTestCase):

    def test_repeated_deduplication_id_returns_original_message_id(self):
        """A second send with the same MessageDeduplicationId succeeds with the first MessageId,
        and only the first message is delivered."""
        url = self.create_fifo_queue("dedup")
        dedup = "dedup-" + uuid.uuid4().hex
        first = self.send_fifo(url, "first", dedup=dedup)
        again = self.send_fifo(url, "second", dedup=dedup)
        self.assertEqual(again["MessageId"], first["MessageId"])
        self.assertEqual(bodies(self.drain(url, 1)), ["first"])
        self.assertNothingReceivable(url)

    def test_duplicate_after_delete_is_still_dropped(self):
        """Within the 5-minute window a duplicate is dropped even after the original was deleted."""
        url = self.create_fifo_queue("dedupdel")
        first = self.send_fifo(url, "first", dedup="d1")
        self.assertEqual(bodies(self.drain(url, 1)), ["first"])
        self.assertEqual(self.send_fifo(url, "again", dedup="d1")["MessageId"], first["MessageId"])
        self.assertNothingReceivable(url)

    def test_content_based_deduplication_uses_the_body(self):
        """With ContentBasedDeduplication=true, the same body sent twice gets the same MessageId
        and is delivered once; another body is a new message."""
        url = self.create_fifo_queue("cbd", {"ContentBasedDeduplication": "true"})
        first = self.send_fifo(url, "same body", dedup=False)
        again = self.send_fifo(url, "same body", dedup=False)
        other = self.send_fifo(url, "other body", dedup=False)
        self.assertEqual(again["MessageId"], first["MessageId"])
        self.assertNotEqual(other["MessageId"], first["MessageId"])
        self.assertEqual(bodies(self.drain(url, 2)), ["same body", "other body"])
        self.assertNothingReceivable(url)

    def test_message_group_scope_deduplicates_per_group(self):
        """With DeduplicationScope=messageGroup the same MessageDeduplicationId in another group
        is a new message, and in the same group a duplicate."""
        url = self.create_fifo_queue("dedupgrp", {"DeduplicationScope": "messageGroup",
                                                  "FifoThroughputLimit": "perMessageGroupId"})
        first = self.send_fifo(url, "g1 first", group="g1", dedup="d1")
        other_group = self.send_fifo(url, "g2 first", group="g2", dedup="d1")
        same_group = self.send_fifo(url, "g1 again", group="g1", dedup="d1")
        self.assertNotEqual(other_group["MessageId"], first["MessageId"])
        self.assertEqual(same_group["MessageId"], first["MessageId"])
        self.assertEqual(sorted(bodies(self.drain(url, 2))), ["g1 first", "g2 first"])
        self.assertNothingReceivable(url)


class FifoReceiveOrderTests(FifoTestCase):

    def test_messages_of_a_group_arrive_in_send_order_across_receives(self):
        """Receives of at most 2 return a group's messages in the order sent, continuing where
        the previous (deleted) receive stopped."""
        url = self.create_fifo_queue("order")
        sent = ["m{}".format(i) for i in range(6)]
        for body in sent:
            self.send_fifo(url, body)
        got = bodies(self.drain(url, len(sent), max_per_receive=2))
        self.assertEqual(got, sent)

    def test_interleaved_groups_each_keep_their_order(self):
        """Messages of two groups sent interleaved come out in send order within each group."""
        url = self.create_fifo_queue("groups")
        for i in range(4):
            for group in ("a", "b"):
                self.send_fifo(url, "{}{}".format(group, i), group=group)
        received = self.drain(url, 8)
        for group in ("a", "b"):
            with self.subTest(group=group):
                self.assertEqual([m["Body"] for m in received if group_of(m) == group],
                                 ["{}{}".format(group, i) for i in range(4)])

    def test_receive_returns_as_many_messages_of_a_group_as_it_can(self):
        """A receive returns each group's messages together and in send order: groups sent
        interleaved are not interleaved on receive ("Amazon SQS first attempts to return as many
        messages with the same message group ID as possible"; the order of the groups is free)."""
        url = self.create_fifo_queue("together")
        for body in ("a1", "b1", "a2", "b2", "a3"):
            self.send_fifo(url, body, group=body[0])
        received = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60,
                                AttributeNames=["MessageGroupId"])
        self.assertTrue(received)
        groups = [group_of(m) for m in received]
        runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
        self.assertEqual(len(runs), len(set(runs)), "a group split: {}".format(bodies(received)))
        for group, sent in (("a", ["a1", "a2", "a3"]), ("b", ["b1", "b2"])):
            got = [m["Body"] for m in received if group_of(m) == group]
            self.assertEqual(got, sent[:len(got)])

    def test_group_with_message_in_flight_is_blocked_while_other_groups_flow(self):
        """While a message of one group is in flight no later message of that group is returned,
        but another group's messages are; deleting it releases the group's next message."""
        url = self.create_fifo_queue("block")
        for group in ("a", "b"):
            for i in (1, 2):
                self.send_fifo(url, "{}{}".format(group, i), group=group)
        first = self.receive_one(url, VisibilityTimeout=60, AttributeNames=["MessageGroupId"])
        blocked = group_of(first)
        other = "b" if blocked == "a" else "a"
        self.assertEqual(first["Body"], blocked + "1")

        flowing = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60)
        self.assertTrue(flowing, "the other group must still be receivable")
        self.assertEqual(bodies(flowing), [other + "1", other + "2"][:len(flowing)])
        self.assertNothingReceivable(url)

        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
        self.assertEqual(self.receive_one(url)["Body"], blocked + "2")

    def test_long_poll_on_blocked_group_returns_when_the_group_is_released(self):
        """A long poll that finds the only group blocked returns the group's next message soon
        after the in-flight message is deleted, not at the end of its wait."""
        url = self.create_fifo_queue("lpblock")
        self.send_fifo(url, "m1")
        self.send_fifo(url, "m2")
        first = self.receive_one(url, VisibilityTimeout=60)
        deleter = threading.Timer(1.0, lambda: self.sqs.delete_message(
            QueueUrl=url, ReceiptHandle=first["ReceiptHandle"]))
        started = time.monotonic()
        deleter.start()
        try:
            messages = self.receive(url, WaitTimeSeconds=10)
        finally:
            deleter.join()
        elapsed = time.monotonic() - started
        self.assertEqual(bodies(messages), ["m2"])
        self.assertTrue(0.9 <= elapsed < 3.0, "returned after {:.2f}s".format(elapsed))

    def test_message_made_visible_again_is_redelivered_before_later_ones(self):
        """After ChangeMessageVisibility to 0 on a group's first message, the group restarts with
        that message (ApproximateReceiveCount 2), before the next one."""
        url = self.create_fifo_queue("redeliver")
        self.send_fifo(url, "m1")
        self.send_fifo(url, "m2")
        first = self.receive_one(url, VisibilityTimeout=60)
        self.assertEqual(first["Body"], "m1")
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"],
                                           VisibilityTimeout=0)
        again = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"])
        self.assertTrue(again, "the group is receivable again")
        self.assertEqual(bodies(again), ["m1", "m2"][:len(again)])
        self.assertEqual(again[0]["Attributes"]["ApproximateReceiveCount"], "2")


class FifoDeleteTests(FifoTestCase):

    def test_delete_with_expired_receipt_handle_is_rejected(self):
        """On a FIFO queue, DeleteMessage with a receipt handle whose visibility timeout has passed
        -> InvalidParameterValue ("The receipt handle has expired"); the message stays and is
        delivered again. (AWS answers so on FIFO queues; standard queues accept the delete.)"""
        url = self.create_fifo_queue("expired")
        self.send_fifo(url, "m1")
        first = self.receive_one(url, VisibilityTimeout=1)
        time.sleep(1.5)
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
        again = self.receive_one(url, AttributeNames=["ApproximateReceiveCount"])
        self.assertEqual(again["MessageId"], first["MessageId"])
        self.assertEqual(again["Attributes"]["ApproximateReceiveCount"], "2")


class FifoReceiveRequestAttemptIdTests(FifoTestCase):

    def test_retry_with_same_attempt_id_returns_same_messages_and_receipt_handles(self):
        """A retried ReceiveMessage with the same ReceiveRequestAttemptId, during the visibility
        timeout, returns the same messages with the same receipt handles; another attempt id
        finds the group in flight and gets nothing."""
        url = self.create_fifo_queue("attempt")
        for body in ("m1", "m2", "m3"):
            self.send_fifo(url, body)
        attempt = "attempt-" + uuid.uuid4().hex
        first = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60,
                             ReceiveRequestAttemptId=attempt)
        self.assertTrue(first)
        retry = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60,
                             ReceiveRequestAttemptId=attempt)
        self.assertEqual([(m["MessageId"], m["ReceiptHandle"]) for m in retry],
                         [(m["MessageId"], m["ReceiptHandle"]) for m in first])
        self.assertEqual(self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                      ReceiveRequestAttemptId="other-" + uuid.uuid4().hex), [])


class FifoBatchTests(FifoTestCase):

    def test_send_message_batch_keeps_entry_order(self):
        """SendMessageBatch to one group: every entry Successful, SequenceNumbers increasing in
        entry order, and the messages are received in entry order."""
        url = self.create_fifo_queue("batch")
        entries = [{"Id": "e{}".format(i), "MessageBody": "m{}".format(i), "MessageGroupId": "g1",
                    "MessageDeduplicationId": uuid.uuid4().hex} for i in range(5)]
        reply = self.sqs.send_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual(reply.get("Failed", []), [])
        by_id = {r["Id"]: r for r in reply["Successful"]}
        numbers = [int(by_id[e["Id"]]["SequenceNumber"]) for e in entries]
        self.assertEqual(numbers, sorted(set(numbers)), "increasing in entry order")
        self.assertEqual(bodies(self.drain(url, 5)), [e["MessageBody"] for e in entries])

    def test_batch_entry_repeating_a_deduplication_id_gets_the_first_message_id(self):
        """Two entries of one batch with the same MessageDeduplicationId both succeed with the
        same MessageId; only the first is delivered."""
        url = self.create_fifo_queue("batchdedup")
        reply = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "first", "MessageGroupId": "g1", "MessageDeduplicationId": "d1"},
            {"Id": "b", "MessageBody": "second", "MessageGroupId": "g1", "MessageDeduplicationId": "d1"}])
        by_id = {r["Id"]: r["MessageId"] for r in reply["Successful"]}
        self.assertEqual(set(by_id), {"a", "b"})
        self.assertEqual(by_id["a"], by_id["b"])
        self.assertEqual(bodies(self.drain(url, 1)), ["first"])
        self.assertNothingReceivable(url)


class FifoSystemAttributeTests(FifoTestCase):

    def test_all_includes_group_deduplication_id_and_sequence_number(self):
        """AttributeNames=[All] on a FIFO receive returns MessageGroupId, MessageDeduplicationId
        and SequenceNumber as sent."""
        url = self.create_fifo_queue("sysall")
        sent = self.send_fifo(url, "x", group="group-1", dedup="dedup-1")
        attributes = self.receive_one(url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attributes["MessageGroupId"], "group-1")
        self.assertEqual(attributes["MessageDeduplicationId"], "dedup-1")
        self.assertEqual(attributes["SequenceNumber"], sent["SequenceNumber"])
        self.assertEqual(attributes["ApproximateReceiveCount"], "1")

    def test_named_fifo_attributes_return_only_those(self):
        """AttributeNames=[MessageGroupId, SequenceNumber] returns exactly those two."""
        url = self.create_fifo_queue("sysone")
        sent = self.send_fifo(url, "x", group="group-2")
        message = self.receive_one(url, AttributeNames=["MessageGroupId", "SequenceNumber"])
        self.assertEqual(message["Attributes"], {"MessageGroupId": "group-2",
                                                 "SequenceNumber": sent["SequenceNumber"]})
