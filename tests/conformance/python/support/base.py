"""Base class for the SDK conformance tests: own queues, error checks, polling."""

import contextlib
import time
import unittest
import uuid

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from support.clients import sqs_client
from support.errors import accepted_codes, codes_of, status_of

# Real SQS counters and listings are eventually consistent; an emulator should
# settle at once, but a little patience keeps the suite valid against AWS too.
SETTLE_SECONDS = 5.0


class SqsTestCase(unittest.TestCase):
    """Every test creates its own uniquely named queues and deletes them afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.sqs = sqs_client()
        # For requests that botocore would refuse before sending them.
        cls.unchecked_sqs = sqs_client(validate_parameters=False)

    # ---- queues -----------------------------------------------------------

    def unique_name(self, label="q"):
        """A queue name no other test (or earlier run) uses; at most 80 characters."""
        return "conf-{}-{}".format(label, uuid.uuid4().hex[:12])[:80]

    def create_queue(self, label="q", attributes=None, tags=None, name=None):
        """Create a queue that is deleted when the test ends; returns its URL."""
        name = name or self.unique_name(label)
        request = {"QueueName": name}
        if attributes:
            request["Attributes"] = attributes
        if tags:
            request["tags"] = tags
        url = self.sqs.create_queue(**request)["QueueUrl"]
        self.addCleanup(self._delete_queue_quietly, url)
        return url

    def create_fifo_queue(self, label="q", attributes=None):
        """Create a FIFO queue named conf-<label>-<random>.fifo, deleted when the test ends."""
        return self.create_queue(name=self.unique_name(label) + ".fifo",
                                 attributes={"FifoQueue": "true", **(attributes or {})})

    def _delete_queue_quietly(self, url):
        with contextlib.suppress(ClientError):
            self.sqs.delete_queue(QueueUrl=url)

    def queue_attributes(self, url, *names):
        names = list(names) or ["All"]
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]

    # ---- messages ---------------------------------------------------------

    def receive(self, url, **kwargs):
        """ReceiveMessage returning the list of messages ([] when none)."""
        return self.sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])

    def receive_one(self, url, **kwargs):
        """Receive exactly one message, long-polling briefly; fails the test if none comes."""
        kwargs.setdefault("WaitTimeSeconds", 2)
        messages = self.receive(url, MaxNumberOfMessages=1, **kwargs)
        self.assertEqual(len(messages), 1, "expected one message")
        return messages[0]

    def receive_all(self, url, count, timeout=SETTLE_SECONDS, **kwargs):
        """Receive until `count` distinct messages arrived (standard queues may split them)."""
        found = {}
        deadline = time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            for message in self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, **kwargs):
                found[message["MessageId"]] = message
        return list(found.values())

    def send_bodies(self, url, *bodies):
        return [self.sqs.send_message(QueueUrl=url, MessageBody=b)["MessageId"] for b in bodies]

    # ---- assertions -------------------------------------------------------

    @contextlib.contextmanager
    def assertSqsError(self, *shapes):
        """Expect a ClientError whose code is one of the shapes, with a 4xx status.

        Yields a holder whose `.error` is the caught ClientError.
        """
        holder = type("Caught", (), {"error": None})()
        expected = accepted_codes(*shapes)
        try:
            yield holder
        except ClientError as error:
            holder.error = error
        except (BotoCoreError, ResponseParserError) as error:
            # e.g. an HTML 500 page that is no AWS error envelope at all
            self.fail("expected {} but the client could not parse the reply: {}".format(
                sorted(expected), error))
        else:
            self.fail("expected {} but the request succeeded".format(sorted(expected)))
        self.assertTrue(codes_of(holder.error) & expected,
                        "error codes {} not in {}".format(codes_of(holder.error), sorted(expected)))
        status = status_of(holder.error)
        self.assertTrue(400 <= status < 500, "HTTP status {} is not a client error".format(status))

    def eventually(self, check, timeout=SETTLE_SECONDS, interval=0.2):
        """Retry `check` until it stops raising AssertionError or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return check()
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(interval)

    def assertCounts(self, url, visible, not_visible, delayed):
        """ApproximateNumberOfMessages / NotVisible / Delayed settle at the given values."""
        names = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                 "ApproximateNumberOfMessagesDelayed")

        def check():
            attributes = self.queue_attributes(url, *names)
            actual = tuple(int(attributes[n]) for n in names)
            self.assertEqual(actual, (visible, not_visible, delayed),
                             "(visible, not visible, delayed)")
        self.eventually(check)
