"""What the FIFO tests share: sends with a group and a fresh deduplication id, ordered draining."""

import time
import uuid

from support.base import SETTLE_SECONDS, SqsTestCase


class FifoTestCase(SqsTestCase):

    def send_fifo(self, url, body, group="g1", dedup=None, **kwargs):
        """SendMessage with a MessageGroupId; a fresh MessageDeduplicationId unless `dedup` is
        given (pass dedup=False to send none, for content-based deduplication)."""
        request = {"QueueUrl": url, "MessageBody": body, "MessageGroupId": group, **kwargs}
        if dedup is None:
            request["MessageDeduplicationId"] = uuid.uuid4().hex
        elif dedup is not False:
            request["MessageDeduplicationId"] = dedup
        return self.sqs.send_message(**request)

    def drain(self, url, count, max_per_receive=10, timeout=SETTLE_SECONDS):
        """Receive and delete until `count` messages came; returns them in the order received."""
        received = []
        deadline = time.monotonic() + timeout
        while len(received) < count and time.monotonic() < deadline:
            batch = self.receive(url, MaxNumberOfMessages=max_per_receive, WaitTimeSeconds=1,
                                 VisibilityTimeout=30, AttributeNames=["All"])
            for message in batch:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            received += batch
        return received

    def assertNothingReceivable(self, url):
        """A one-second long poll returns no message."""
        self.assertEqual([m["Body"] for m in self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1)], [])


def bodies(messages):
    return [m["Body"] for m in messages]


def group_of(message):
    return message["Attributes"]["MessageGroupId"]
