"""Base class for the Firehose conformance tests: own Direct PUT delivery streams with an S3
destination, bounded waits for their status, and Firehose error checks.

Firehose is JSON 1.1 (`X-Amz-Target: Firehose_20150804.<Op>`); an error is HTTP 400 with
`{"__type": "<Shape>", "message": ...}` (aws-wire.md §4). The tests check the API's answers
only, not what reaches the destination (Shoal maps S3 destinations to a local directory).
"""

import contextlib
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from support.clients import firehose_client
from support.errors import caught_client_error, status_of
from support.settings import ACCOUNT_ID, REGION

STREAM_SECONDS = 60.0
POLL_SECONDS = 0.25
ROLE_ARN = "arn:aws:iam::{}:role/conf-firehose-role".format(ACCOUNT_ID)
BUCKET_ARN = "arn:aws:s3:::conf-firehose-bucket"


def delivery_stream_arn_for(name):
    return "arn:aws:firehose:{}:{}:deliverystream/{}".format(REGION, ACCOUNT_ID, name)


def s3_destination(prefix="conf/"):
    """An ExtendedS3DestinationConfiguration for a Direct PUT stream."""
    return {"RoleARN": ROLE_ARN, "BucketARN": BUCKET_ARN, "Prefix": prefix,
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}, "CompressionFormat": "UNCOMPRESSED"}


class FirehoseTestCase(unittest.TestCase):
    """Every test creates its own uniquely named delivery streams and deletes them afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.firehose = firehose_client()
        cls.unchecked_firehose = firehose_client(validate_parameters=False)

    def unique_name(self, label="d"):
        return "conf-fh-{}-{}".format(label, uuid.uuid4().hex[:12])[:64]

    def create_delivery_stream(self, label="d", name=None, wait=True, prefix="conf/"):
        """CreateDeliveryStream (DirectPut, an S3 destination) deleted when the test ends; waits
        until it is ACTIVE unless told not to. Returns (name, the reply's DeliveryStreamARN)."""
        name = name or self.unique_name(label)
        arn = self.firehose.create_delivery_stream(
            DeliveryStreamName=name, DeliveryStreamType="DirectPut",
            ExtendedS3DestinationConfiguration=s3_destination(prefix))["DeliveryStreamARN"]
        self.addCleanup(self.delete_quietly, name)
        if wait:
            self.wait_for_active(name)
        return name, arn

    def delete_quietly(self, name):
        with contextlib.suppress(ClientError):
            self.firehose.delete_delivery_stream(DeliveryStreamName=name, AllowForceDelete=True)

    def describe(self, name):
        return self.firehose.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]

    def wait_for_active(self, name, timeout=STREAM_SECONDS):
        """Poll DescribeDeliveryStream until ACTIVE; returns the statuses seen, in order."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            status = self.describe(name)["DeliveryStreamStatus"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "ACTIVE":
                return seen
            if time.monotonic() >= deadline:
                self.fail("delivery stream {} not ACTIVE after {:.0f} s: {}".format(name, timeout, seen))
            time.sleep(POLL_SECONDS)

    @contextlib.contextmanager
    def assertFirehoseError(self, *codes):
        """Expect a ClientError whose Error.Code is one of `codes`, typed when this botocore's model
        has the shape, with HTTP 400 and a message."""
        with caught_client_error(self, codes) as holder:
            yield holder
        code = holder.code
        if code in {shape.name for shape in self.firehose.meta.service_model.error_shapes}:
            self.assertIsInstance(holder.error, getattr(self.firehose.exceptions, code))
        self.assertEqual(status_of(holder.error), 400, "HTTP status of " + code)
        self.assertTrue(holder.error.response.get("Error", {}).get("Message"), "the error has no message")
