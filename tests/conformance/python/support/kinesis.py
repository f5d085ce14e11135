"""Base class for the Kinesis Data Streams conformance tests: own streams, bounded waits for their
status, shard listing, reading shards, the partition-key hash, and Kinesis error checks.

Kinesis is JSON 1.1 (`X-Amz-Target: Kinesis_20131202.<Op>`) for every botocore. An error is HTTP
400 with `{"__type": "<Shape>", "message": ...}` (aws-wire.md §4), which botocore raises as the
typed exception of that shape (`ResourceNotFoundException`, ...).
"""

import contextlib
import hashlib
import time
import unittest
import uuid

from botocore.exceptions import ClientError

from support.clients import kinesis_client
from support.errors import caught_client_error, status_of
from support.settings import ACCOUNT_ID, REGION

# How long a stream may take to go CREATING/UPDATING -> ACTIVE, or DELETING -> gone. AWS takes
# seconds (resharding up to about 30 s); an emulator should be quicker.
STREAM_SECONDS = 60.0
POLL_SECONDS = 0.25
# How long a reader keeps calling GetRecords for records it expects.
READ_SECONDS = 15.0

MAX_HASH_KEY = 2 ** 128 - 1
SHARD_ID_RE = r"^shardId-\d{12}$"
SEQUENCE_RE = r"^(0|[1-9]\d{0,128})$"


def stream_arn_for(name):
    return "arn:aws:kinesis:{}:{}:stream/{}".format(REGION, ACCOUNT_ID, name)


def hash_key_of(partition_key):
    """The 128-bit hash key Kinesis maps a partition key to: the MD5 of its UTF-8 bytes read as a
    big-endian unsigned integer (PutRecord API reference), computed here independently of the
    server."""
    return int.from_bytes(hashlib.md5(partition_key.encode("utf-8")).digest(), "big")


def shard_for_hash(shards, hash_key):
    """The open shard whose HashKeyRange holds hash_key."""
    matches = [s["ShardId"] for s in shards
               if "EndingSequenceNumber" not in s["SequenceNumberRange"]
               and int(s["HashKeyRange"]["StartingHashKey"]) <= hash_key
               <= int(s["HashKeyRange"]["EndingHashKey"])]
    if len(matches) != 1:
        raise AssertionError("{} open shards hold hash key {}".format(len(matches), hash_key))
    return matches[0]


def is_open(shard):
    return "EndingSequenceNumber" not in shard["SequenceNumberRange"]


class KinesisTestCase(unittest.TestCase):
    """Every test creates its own uniquely named streams and deletes them afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.kinesis = kinesis_client()
        # For requests that botocore would refuse before sending them.
        cls.unchecked_kinesis = kinesis_client(validate_parameters=False)

    def has_operation(self, operation):
        """Whether this botocore's Kinesis model has the operation (botocore 1.29 lacks the newer
        ones: TagResource, ListTagsForResource, ...)."""
        return operation in self.kinesis.meta.service_model.operation_names

    def has_member(self, operation, member, output=False):
        """Whether this botocore's model has the input (or output) member of the operation."""
        model = self.kinesis.meta.service_model.operation_model(operation)
        shape = model.output_shape if output else model.input_shape
        return shape is not None and member in shape.members

    def require_member(self, operation, member, output=False):
        if not self.has_member(operation, member, output):
            self.skipTest("this botocore's Kinesis model has no {}.{}".format(operation, member))

    # ---- streams ----------------------------------------------------------

    def unique_stream_name(self, label="s"):
        return "conf-kin-{}-{}".format(label, uuid.uuid4().hex[:12])[:128]

    def create_stream(self, label="s", shards=1, on_demand=False, name=None, wait=True):
        """Create a stream (ShardCount `shards`, or ON_DEMAND) that is deleted when the test ends;
        waits until it is ACTIVE unless told not to. Returns its name."""
        name = name or self.unique_stream_name(label)
        if on_demand:
            self.kinesis.create_stream(StreamName=name, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        else:
            self.kinesis.create_stream(StreamName=name, ShardCount=shards)
        self.addCleanup(self.delete_stream_quietly, name)
        if wait:
            self.wait_for_active(name)
        return name

    def delete_stream_quietly(self, name):
        with contextlib.suppress(ClientError):
            self.wait_for_active(name, quiet=True)
        with contextlib.suppress(ClientError):
            self.kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)

    def summary(self, name):
        return self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]

    def wait_for_active(self, name, timeout=STREAM_SECONDS, quiet=False):
        """Poll DescribeStreamSummary until the stream is ACTIVE (at most `timeout` seconds);
        returns the list of statuses seen, in order (the last one ACTIVE)."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            status = self.summary(name)["StreamStatus"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "ACTIVE":
                return seen
            if time.monotonic() >= deadline:
                if quiet:
                    return seen
                self.fail("stream {} not ACTIVE after {:.0f} s: statuses {}".format(name, timeout, seen))
            time.sleep(POLL_SECONDS)

    def wait_until_gone(self, name, timeout=STREAM_SECONDS):
        """Poll DescribeStreamSummary until it is ResourceNotFoundException; returns the statuses
        seen before."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                status = self.summary(name)["StreamStatus"]
            except self.kinesis.exceptions.ResourceNotFoundException:
                return seen
            if not seen or seen[-1] != status:
                seen.append(status)
            if time.monotonic() >= deadline:
                self.fail("stream {} still there after {:.0f} s: statuses {}".format(name, timeout, seen))
            time.sleep(POLL_SECONDS)

    # ---- shards -----------------------------------------------------------

    def list_shards(self, name, page_size=None, **kwargs):
        """Every shard ListShards returns, over all pages (NextToken alone on later pages)."""
        request = {"StreamName": name, **kwargs}
        if page_size:
            request["MaxResults"] = page_size
        shards = []
        while True:
            page = self.kinesis.list_shards(**request)
            shards += page.get("Shards", [])
            token = page.get("NextToken")
            if not token:
                return shards
            request = {"NextToken": token}
            if page_size:
                request["MaxResults"] = page_size

    def open_shards(self, name):
        return [s for s in self.list_shards(name) if is_open(s)]

    def shard_ids(self, name):
        return [s["ShardId"] for s in self.list_shards(name)]

    def assertTilesHashSpace(self, shards):
        """The shards' HashKeyRanges cover 0..2^128-1 exactly, without gaps or overlaps."""
        ranges = sorted((int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                        for s in shards)
        self.assertTrue(ranges, "no shards")
        self.assertEqual(ranges[0][0], 0, "the first range does not start at 0")
        self.assertEqual(ranges[-1][1], MAX_HASH_KEY, "the last range does not end at 2^128-1")
        for (start, end), (next_start, _) in zip(ranges, ranges[1:]):
            self.assertLessEqual(start, end)
            self.assertEqual(next_start, end + 1, "ranges {} and the next leave a gap or overlap".format((start, end)))

    # ---- records ----------------------------------------------------------

    def put(self, name, data, partition_key="pk", **kwargs):
        return self.kinesis.put_record(StreamName=name, Data=data, PartitionKey=partition_key, **kwargs)

    def iterator(self, name, shard_id, iterator_type="TRIM_HORIZON", **kwargs):
        return self.kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                               ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]

    def read(self, iterator, count, timeout=READ_SECONDS, limit=None):
        """Call GetRecords from `iterator` until `count` (at least 1) records came, the shard ended
        (no NextShardIterator) or `timeout` passed. Returns (records, responses); AWS may answer
        empty pages before the data, so a reader keeps going."""
        records, responses = [], []
        deadline = time.monotonic() + timeout
        while iterator and time.monotonic() < deadline:
            request = {"ShardIterator": iterator}
            if limit:
                request["Limit"] = limit
            response = self.kinesis.get_records(**request)
            responses.append(response)
            records += response["Records"]
            iterator = response.get("NextShardIterator")
            if len(records) >= count:
                break
        return records, responses

    def read_nothing(self, iterator, calls=3):
        """`calls` GetRecords from `iterator` (following NextShardIterator); returns the records
        they got, which a test expects to be none."""
        records = []
        for _ in range(calls):
            if not iterator:
                break
            response = self.kinesis.get_records(ShardIterator=iterator)
            records += response["Records"]
            iterator = response.get("NextShardIterator")
        return records

    def read_shard(self, name, shard_id, count, iterator_type="TRIM_HORIZON", **kwargs):
        """The records of a shard, from an iterator of the given type (`read`)."""
        records, _ = self.read(self.iterator(name, shard_id, iterator_type, **kwargs), count)
        return records

    def read_to_end(self, iterator, timeout=READ_SECONDS):
        """GetRecords until NextShardIterator is absent (a closed shard read to its end); fails
        after `timeout`. Returns (records, responses)."""
        records, responses = [], []
        deadline = time.monotonic() + timeout
        while iterator:
            if time.monotonic() >= deadline:
                self.fail("still a NextShardIterator after {:.0f} s of reading a closed shard".format(timeout))
            response = self.kinesis.get_records(ShardIterator=iterator)
            responses.append(response)
            records += response["Records"]
            iterator = response.get("NextShardIterator")
        return records, responses

    # ---- assertions -------------------------------------------------------

    @contextlib.contextmanager
    def assertKinesisError(self, *codes):
        """Expect a ClientError whose Error.Code is one of `codes` (Kinesis shape names), raised as
        that shape's typed exception when this botocore's model has it, with HTTP 400. Yields a
        holder whose `.error` is the error."""
        with caught_client_error(self, codes) as holder:
            yield holder
        code = holder.code
        modeled = {shape.name for shape in self.kinesis.meta.service_model.error_shapes}
        if code in modeled:
            self.assertIsInstance(holder.error, getattr(self.kinesis.exceptions, code),
                                  "botocore did not raise the typed exception " + code)
        self.assertEqual(status_of(holder.error), 400, "HTTP status of " + code)
        self.assertTrue(holder.error.response.get("Error", {}).get("Message"), "the error has no message")

    def assertSequenceNumber(self, value):
        self.assertRegex(value, SEQUENCE_RE)

    def assertRecentTimestamp(self, value, before, after, slack=5.0):
        """A botocore datetime between `before` and `after` (epoch seconds), give or take
        `slack` seconds of clock difference."""
        seconds = value.timestamp()
        self.assertGreaterEqual(seconds, before - slack, "timestamp {} is too early".format(value))
        self.assertLessEqual(seconds, after + slack, "timestamp {} is too late".format(value))
