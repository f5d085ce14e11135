"""Dead-letter queues: RedrivePolicy, RedriveAllowPolicy, ListDeadLetterSourceQueues and the
message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask).

The move task actions came in 2023: botocore 1.29 (Debian's boto3 1.26, the Query suite) has no
such operations, so those tests skip there.
"""

import json
import uuid

import botocore

from support.base import SqsTestCase
from support.md5 import md5_of_attributes, md5_of_body
from support.settings import ACCOUNT_ID, REGION

# Moves and tasks run in the background: generous, so a loaded machine (or real SQS) passes.
TASK_SECONDS = 30.0


def redrive(target_arn, max_receive_count):
    return json.dumps({"deadLetterTargetArn": target_arn, "maxReceiveCount": max_receive_count})


def arn_of(name):
    return "arn:aws:sqs:{}:{}:{}".format(REGION, ACCOUNT_ID, name)


class DeadLetterTestCase(SqsTestCase):

    def queue_arn(self, url):
        return self.queue_attributes(url, "QueueArn")["QueueArn"]

    def create_fifo_queue(self, label, attributes=None):
        name = "conf-{}-{}.fifo".format(label, uuid.uuid4().hex[:12])
        return self.create_queue(name=name, attributes=dict(attributes or {}, FifoQueue="true"))

    def create_pair(self, label, max_receive_count=1, fifo=False):
        """A dead-letter queue and a source queue whose RedrivePolicy names it; returns (source, dlq) URLs."""
        create = (lambda l, a=None: self.create_fifo_queue(l, a)) if fifo else \
            (lambda l, a=None: self.create_queue(l, attributes=a))
        dlq = create(label + "-dlq")
        source = create(label + "-src", {"RedrivePolicy": redrive(self.queue_arn(dlq), max_receive_count)})
        return source, dlq

    def visible(self, url):
        return int(self.queue_attributes(url, "ApproximateNumberOfMessages")["ApproximateNumberOfMessages"])

    def dead_letter(self, source, dlq, count):
        """Receives the source (VisibilityTimeout 0) until `count` messages are visible in the DLQ."""
        def check():
            self.receive(source, MaxNumberOfMessages=10, VisibilityTimeout=0)
            self.assertEqual(self.visible(dlq), count, "messages in the dead-letter queue")
        self.eventually(check, timeout=TASK_SECONDS)

    def drain(self, url, **kwargs):
        """Receives and deletes until the queue is empty; returns the messages in receive order."""
        messages = []
        while True:
            batch = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=60, **kwargs)
            if not batch:
                return messages
            messages.extend(batch)
            for message in batch:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


class RedrivePolicyTests(DeadLetterTestCase):

    def test_redrive_policy_is_reported(self):
        """A RedrivePolicy set at creation is returned by GetQueueAttributes (as a JSON string)."""
        source, dlq = self.create_pair("report", max_receive_count=4)
        policy = json.loads(self.queue_attributes(source, "RedrivePolicy")["RedrivePolicy"])
        self.assertEqual(policy["deadLetterTargetArn"], self.queue_arn(dlq))
        self.assertEqual(int(policy["maxReceiveCount"]), 4)

    def test_missing_dead_letter_target_is_rejected(self):
        """A RedrivePolicy naming no existing queue -> InvalidParameterValue, on create and on set."""
        missing = arn_of(self.unique_name("nodlq"))
        with self.assertSqsError("InvalidParameterValue") as caught:
            self.create_queue("nodlq-src", attributes={"RedrivePolicy": redrive(missing, 3)})
        self.assertIn("Dead letter target does not exist", caught.error.response["Error"]["Message"])
        url = self.create_queue("nodlq-set")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": redrive(missing, 3)})
        self.assertNotIn("RedrivePolicy", self.queue_attributes(url))

    def test_dead_letter_queue_must_match_the_source_type(self):
        """A FIFO queue's dead-letter queue must be FIFO, a standard queue's standard."""
        standard = self.create_queue("type-std")
        fifo = self.create_fifo_queue("type-fifo")
        with self.assertSqsError("InvalidParameterValue"):
            self.create_fifo_queue("type-src", {"RedrivePolicy": redrive(self.queue_arn(standard), 3)})
        source = self.create_queue("type-src2")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": redrive(self.queue_arn(fifo), 3)})

    def test_max_receive_count_outside_1_to_1000_is_rejected(self):
        """maxReceiveCount 0 or 1001 is refused; 1 and 1000 are accepted.

        AWS answers InvalidParameterValue ("Invalid value for maxReceiveCount"), as LocalStack and
        ElasticMQ record it.
        """
        target = self.queue_arn(self.create_queue("range-dlq"))
        source = self.create_queue("range-src")
        for invalid in (0, 1001):
            with self.subTest(maxReceiveCount=invalid):
                with self.assertSqsError("InvalidParameterValue"):
                    self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": redrive(target, invalid)})
        for valid in (1, 1000):
            self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": redrive(target, valid)})

    def test_empty_redrive_policy_removes_it(self):
        """SetQueueAttributes RedrivePolicy="" removes the policy."""
        source, _ = self.create_pair("clear")
        self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": ""})
        self.assertNotIn("RedrivePolicy", self.queue_attributes(source))


class RedriveAllowPolicyTests(DeadLetterTestCase):

    def test_deny_all_refuses_every_source(self):
        """A queue with redrivePermission denyAll cannot be named as a dead-letter queue."""
        dlq = self.create_queue("deny", attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
        with self.assertSqsError("InvalidParameterValue"):
            self.create_queue("deny-src", attributes={"RedrivePolicy": redrive(self.queue_arn(dlq), 2)})

    def test_by_queue_admits_only_the_listed_sources(self):
        """redrivePermission byQueue: a listed source may name the queue, another may not."""
        allowed_name = self.unique_name("byq-ok")
        allow = json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [arn_of(allowed_name)]})
        dlq = self.create_queue("byq", attributes={"RedriveAllowPolicy": allow})
        self.assertEqual(json.loads(self.queue_attributes(dlq, "RedriveAllowPolicy")["RedriveAllowPolicy"]),
                         json.loads(allow))
        self.create_queue(name=allowed_name, attributes={"RedrivePolicy": redrive(self.queue_arn(dlq), 2)})
        other = self.create_queue("byq-other")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.set_queue_attributes(QueueUrl=other, Attributes={"RedrivePolicy": redrive(self.queue_arn(dlq), 2)})

    def test_malformed_allow_policy_is_rejected(self):
        """An unknown redrivePermission, or byQueue without sourceQueueArns, is refused."""
        url = self.create_queue("allow-bad")
        for bad in ({"redrivePermission": "sometimes"}, {"redrivePermission": "byQueue"}):
            with self.subTest(policy=bad):
                with self.assertSqsError("InvalidParameterValue", "InvalidAttributeValue"):
                    self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": json.dumps(bad)})


class DeadLetteringTests(DeadLetterTestCase):

    def test_message_moves_after_max_receive_count(self):
        """Received maxReceiveCount times, a message goes to the DLQ on the next receive instead of out again."""
        source, dlq = self.create_pair("move", max_receive_count=2)
        sent = self.sqs.send_message(QueueUrl=source, MessageBody="poison")
        for count in ("1", "2"):
            message = self.receive_one(source, VisibilityTimeout=0, AttributeNames=["ApproximateReceiveCount"])
            self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], count)
        self.assertEqual(self.receive(source, VisibilityTimeout=0), [], "delivered past maxReceiveCount")
        dead = self.receive_one(dlq, WaitTimeSeconds=10)
        self.assertEqual(dead["MessageId"], sent["MessageId"])
        self.assertCounts(source, visible=0, not_visible=0, delayed=0)

    def test_dead_letter_keeps_id_body_attributes_and_names_its_source(self):
        """The DLQ copy keeps MessageId, body, attributes (and their MD5s) and SentTimestamp,
        and carries DeadLetterQueueSourceArn."""
        source, dlq = self.create_pair("keeps")
        body = "dead ünï & <x> ✓"
        attributes = {"s": {"DataType": "String", "StringValue": "v é"},
                      "n": {"DataType": "Number", "StringValue": "7"},
                      "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}}
        sent = self.sqs.send_message(QueueUrl=source, MessageBody=body, MessageAttributes=attributes)
        first = self.receive_one(source, VisibilityTimeout=0, AttributeNames=["SentTimestamp"])
        self.dead_letter(source, dlq, 1)
        dead = self.receive_one(dlq, AttributeNames=["All"], MessageAttributeNames=["All"])
        self.assertEqual(dead["MessageId"], sent["MessageId"])
        self.assertEqual(dead["Body"], body)
        self.assertEqual(dead["MD5OfBody"], md5_of_body(body))
        self.assertEqual(dead["MD5OfMessageAttributes"], md5_of_attributes(attributes))
        self.assertEqual(dead["MessageAttributes"]["b"]["BinaryValue"], b"\x00\x01\xff")
        self.assertEqual(dead["Attributes"]["DeadLetterQueueSourceArn"], self.queue_arn(source))
        self.assertEqual(dead["Attributes"]["SentTimestamp"], first["Attributes"]["SentTimestamp"])

    def test_fifo_dead_letters_keep_group_order(self):
        """A FIFO source dead-letters into its FIFO DLQ keeping each group's order."""
        source, dlq = self.create_pair("fifo", fifo=True)
        order = [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b"), ("a3", "a")]
        for body, group in order:
            self.sqs.send_message(QueueUrl=source, MessageBody=body, MessageGroupId=group,
                                  MessageDeduplicationId="d-" + body)
        self.dead_letter(source, dlq, len(order))
        dead = self.drain(dlq, AttributeNames=["All"])
        self.assertEqual(sorted(m["Body"] for m in dead), sorted(b for b, _ in order))
        for group in ("a", "b"):
            with self.subTest(group=group):
                self.assertEqual([m["Body"] for m in dead if m["Attributes"]["MessageGroupId"] == group],
                                 [b for b, g in order if g == group])
        for message in dead:
            self.assertEqual(message["Attributes"]["DeadLetterQueueSourceArn"], self.queue_arn(source))


class ListDeadLetterSourceQueuesTests(DeadLetterTestCase):

    def test_lists_and_pages_the_sources(self):
        """The queues naming the DLQ in their RedrivePolicy, paged with MaxResults/NextToken."""
        dlq = self.create_queue("src-dlq")
        prefix = self.unique_name("srcs")
        sources = {self.create_queue(name="{}-{}".format(prefix, i),
                                     attributes={"RedrivePolicy": redrive(self.queue_arn(dlq), 3)}) for i in range(3)}
        self.create_queue("src-unrelated")
        seen, token, pages = [], None, 0
        while True:
            request = {"QueueUrl": dlq, "MaxResults": 2}
            if token:
                request["NextToken"] = token
            page = self.sqs.list_dead_letter_source_queues(**request)
            seen.extend(page["queueUrls"])
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(pages, 2)
        self.assertEqual(sorted(seen), sorted(sources))

    def test_cleared_policy_drops_the_source(self):
        """After RedrivePolicy="" the queue is no longer listed as a source."""
        source, dlq = self.create_pair("drop")
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [source])
        self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": ""})

        def check():
            self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq).get("queueUrls", []), [])
        self.eventually(check)

    def test_unknown_queue_is_rejected(self):
        """ListDeadLetterSourceQueues on a missing queue -> QueueDoesNotExist."""
        url = self.create_queue("gone")
        self.sqs.delete_queue(QueueUrl=url)
        with self.assertSqsError("QueueDoesNotExist") as caught:
            self.sqs.list_dead_letter_source_queues(QueueUrl=url)
        self.assertIsInstance(caught.error, self.sqs.exceptions.QueueDoesNotExist)


class MessageMoveTaskTests(DeadLetterTestCase):

    def setUp(self):
        super().setUp()
        if not hasattr(self.sqs, "start_message_move_task"):
            self.skipTest("botocore {} has no message move task operations (added to SQS in 2023)".format(
                botocore.__version__))

    def tasks(self, dlq_arn, **kwargs):
        return self.sqs.list_message_move_tasks(SourceArn=dlq_arn, **kwargs).get("Results", [])

    def wait_for_status(self, dlq_arn, status):
        def check():
            task = self.tasks(dlq_arn)[0]
            self.assertEqual(task["Status"], status)
            return task
        return self.eventually(check, timeout=TASK_SECONDS)

    def test_task_returns_dead_letters_to_their_source(self):
        """Without DestinationArn the messages go back to their source as new messages; counters add up."""
        source, dlq = self.create_pair("back")
        self.send_bodies(source, "m0", "m1", "m2")
        self.dead_letter(source, dlq, 3)
        dlq_arn = self.queue_arn(dlq)
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
        self.assertTrue(handle)
        task = self.wait_for_status(dlq_arn, "COMPLETED")
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 3)
        self.assertEqual(task["ApproximateNumberOfMessagesToMove"], 3)
        self.assertEqual(task["SourceArn"], dlq_arn)
        self.assertNotIn("TaskHandle", task, "only a running task shows its handle")
        back = self.drain(source, AttributeNames=["All"])
        self.assertEqual(sorted(m["Body"] for m in back), ["m0", "m1", "m2"])
        for message in back:
            self.assertNotIn("DeadLetterQueueSourceArn", message["Attributes"])
        self.assertEqual(self.visible(dlq), 0)

    def test_task_moves_to_an_explicit_destination(self):
        """With DestinationArn every message of the DLQ moves there; the task reports the destination."""
        source, dlq = self.create_pair("dest")
        destination = self.create_queue("dest-target")
        self.send_bodies(source, "x", "y")
        self.dead_letter(source, dlq, 2)
        dlq_arn = self.queue_arn(dlq)
        self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=self.queue_arn(destination),
                                         MaxNumberOfMessagesPerSecond=100)
        task = self.wait_for_status(dlq_arn, "COMPLETED")
        self.assertEqual(task["DestinationArn"], self.queue_arn(destination))
        self.assertEqual(task["MaxNumberOfMessagesPerSecond"], 100)
        self.assertEqual(sorted(m["Body"] for m in self.drain(destination)), ["x", "y"])
        self.assertEqual(self.visible(source), 0)

    def test_running_task_is_listed_cancelled_and_blocks_a_second_one(self):
        """A slow task is RUNNING with its handle; a second start -> UnsupportedOperation;
        CancelMessageMoveTask stops it (CANCELLED); cancelling again -> ResourceNotFoundException."""
        source, dlq = self.create_pair("cancel")
        self.send_bodies(source, *("m{}".format(i) for i in range(10)))
        self.dead_letter(source, dlq, 10)
        dlq_arn = self.queue_arn(dlq)
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        running = self.tasks(dlq_arn)[0]
        self.assertEqual(running["Status"], "RUNNING")
        self.assertEqual(running["TaskHandle"], handle)
        with self.assertSqsError("UnsupportedOperation"):
            self.sqs.start_message_move_task(SourceArn=dlq_arn)
        moved = self.sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
        self.assertTrue(0 <= moved < 10, moved)
        self.assertEqual(self.tasks(dlq_arn)[0]["Status"], "CANCELLED")
        with self.assertSqsError("ResourceNotFoundException") as caught:
            self.sqs.cancel_message_move_task(TaskHandle=handle)
        self.assertIsInstance(caught.error, self.sqs.exceptions.ResourceNotFoundException)

    def test_list_returns_the_newest_first_up_to_max_results(self):
        """ListMessageMoveTasks: 1 result by default, newest first, MaxResults 1-10."""
        source, dlq = self.create_pair("list")
        dlq_arn = self.queue_arn(dlq)
        for _ in range(2):
            self.sqs.start_message_move_task(SourceArn=dlq_arn)
            self.wait_for_status(dlq_arn, "COMPLETED")
        self.assertEqual(len(self.tasks(dlq_arn)), 1)
        both = self.tasks(dlq_arn, MaxResults=10)
        self.assertEqual(len(both), 2)
        self.assertGreaterEqual(both[0]["StartedTimestamp"], both[1]["StartedTimestamp"])
        with self.assertSqsError("InvalidParameterValue"):
            self.unchecked_sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=11)

    def test_task_on_a_queue_that_is_no_dead_letter_queue_is_rejected(self):
        """StartMessageMoveTask needs a DLQ of some queue (InvalidParameterValue) that exists
        (ResourceNotFoundException)."""
        plain = self.create_queue("plain")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.start_message_move_task(SourceArn=self.queue_arn(plain))
        with self.assertSqsError("ResourceNotFoundException") as caught:
            self.sqs.start_message_move_task(SourceArn=arn_of(self.unique_name("missing")))
        self.assertIsInstance(caught.error, self.sqs.exceptions.ResourceNotFoundException)

    def test_rate_outside_1_to_500_is_rejected(self):
        """MaxNumberOfMessagesPerSecond must be 1-500."""
        _, dlq = self.create_pair("rate")
        for rate in (0, 501):
            with self.subTest(rate=rate):
                with self.assertSqsError("InvalidParameterValue"):
                    self.unchecked_sqs.start_message_move_task(SourceArn=self.queue_arn(dlq), MaxNumberOfMessagesPerSecond=rate)
        self.assertEqual(self.tasks(self.queue_arn(dlq)), [])
