"""aws kinesis: create-stream, wait stream-exists, describe-stream(-summary), list-shards,
put-record (text, binary from a file, base64), get-shard-iterator, get-records, put-records,
delete-stream, and ResourceNotFoundException for a missing stream.

The two CLIs read `--data` differently (aws-wire.md §2): cli-v1 sends the argument's text as the
blob; cli-v2 takes it as base64 unless `--cli-binary-format raw-in-base64-out` is given. The tests
pass that option to v2 wherever they mean text, so both send the same bytes. `fileb://` reads raw
bytes in both. get-records prints Data as base64 in both.
"""

import base64
import json
import os
import re
import tempfile
import time

from cli.cli_base import CliTestCase, cli_version

# How long a stream may take to become ACTIVE or to disappear (CLI calls take a second or two).
STREAM_SECONDS = 60


def cli_major():
    match = re.match(r"aws-cli/(\d+)\.", cli_version())
    return int(match.group(1)) if match else 0


class CliKinesisTests(CliTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.major = cli_major()

    def kinesis_ok(self, *args):
        return self.aws_ok(*args, service="kinesis")

    def text_data(self, text):
        """The put-record arguments that send `text` (UTF-8) as the record's data in either CLI."""
        args = ["--data", text]
        if self.major >= 2:
            args += ["--cli-binary-format", "raw-in-base64-out"]
        return args

    def create_stream(self, label="s", shards=1):
        """create-stream conf-cli-<label>-<random>, deleted at the end of the test; waits (bounded
        polls of describe-stream-summary) until it is ACTIVE. Returns the name."""
        name = self.unique_name(label)
        self.kinesis_ok("create-stream", "--stream-name", name, "--shard-count", str(shards))
        self.addCleanup(self._delete_stream_quietly, name)
        self.wait_for_status(name, "ACTIVE")
        return name

    def wait_for_status(self, name, status):
        deadline = time.monotonic() + STREAM_SECONDS
        while True:
            summary = self.kinesis_ok("describe-stream-summary", "--stream-name", name)["StreamDescriptionSummary"]
            if summary["StreamStatus"] == status:
                return summary
            self.assertLess(time.monotonic(), deadline, "stream {} not {}".format(name, status))
            time.sleep(0.5)

    def _delete_stream_quietly(self, name):
        try:
            from support.clients import kinesis_client
        except ImportError:
            self.aws("delete-stream", "--stream-name", name, "--enforce-consumer-deletion", service="kinesis")
            return
        try:
            kinesis_client().delete_stream(StreamName=name, EnforceConsumerDeletion=True)
        except Exception:  # already deleted by the test itself
            pass

    def read_records(self, name, shard_id, count):
        """get-shard-iterator TRIM_HORIZON, then get-records until `count` records came (bounded)."""
        iterator = self.kinesis_ok("get-shard-iterator", "--stream-name", name, "--shard-id", shard_id,
                                   "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
        records = []
        deadline = time.monotonic() + 20
        while iterator and len(records) < count and time.monotonic() < deadline:
            reply = self.kinesis_ok("get-records", "--shard-iterator", iterator)
            records += reply["Records"]
            iterator = reply.get("NextShardIterator")
        return records

    def test_create_wait_describe_list_and_delete(self):
        """create-stream --shard-count 2; wait stream-exists returns once it is ACTIVE;
        describe-stream-summary reports ACTIVE and OpenShardCount 2; describe-stream and
        list-shards list shardId-000000000000 and -001; after delete-stream,
        describe-stream-summary is ResourceNotFoundException."""
        name = self.unique_name("life")
        self.kinesis_ok("create-stream", "--stream-name", name, "--shard-count", "2")
        self.addCleanup(self._delete_stream_quietly, name)
        self.kinesis_ok("wait", "stream-exists", "--stream-name", name)
        summary = self.kinesis_ok("describe-stream-summary", "--stream-name", name)["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamName"], summary["StreamStatus"], summary["OpenShardCount"]), (name, "ACTIVE", 2))
        expected = ["shardId-000000000000", "shardId-000000000001"]
        description = self.kinesis_ok("describe-stream", "--stream-name", name)["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in description["Shards"]], expected)
        self.assertEqual([s["ShardId"] for s in self.kinesis_ok("list-shards", "--stream-name", name)["Shards"]],
                         expected)
        self.kinesis_ok("delete-stream", "--stream-name", name)
        deadline = time.monotonic() + STREAM_SECONDS
        while True:
            result = self.aws("describe-stream-summary", "--stream-name", name, service="kinesis")
            if result.returncode != 0:
                self.assertCliError(result, "ResourceNotFoundException")
                break
            self.assertEqual(result.json["StreamDescriptionSummary"]["StreamStatus"], "DELETING")
            self.assertLess(time.monotonic(), deadline, "stream still there after delete-stream")
            time.sleep(0.5)

    def test_put_record_and_get_records_of_text(self):
        """put-record of UTF-8 text prints the ShardId and a SequenceNumber; get-shard-iterator and
        get-records return the record with that SequenceNumber, its PartitionKey, and Data that is
        the base64 of the text's bytes."""
        name = self.create_stream("text")
        text = "héllo kinesis ✓"
        reply = self.kinesis_ok("put-record", "--stream-name", name, "--partition-key", "clé", *self.text_data(text))
        self.assertEqual(reply["ShardId"], "shardId-000000000000")
        self.assertRegex(reply["SequenceNumber"], r"^\d+$")
        [record] = self.read_records(name, "shardId-000000000000", 1)
        self.assertEqual(record["SequenceNumber"], reply["SequenceNumber"])
        self.assertEqual(record["PartitionKey"], "clé")
        self.assertEqual(base64.b64decode(record["Data"]), text.encode("utf-8"))

    def test_put_record_of_binary_data_from_a_file(self):
        """put-record --data fileb://<file of every byte 0-255> stores those bytes exactly."""
        name = self.create_stream("binary")
        data = bytes(range(256))
        with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as handle:
            handle.write(data)
        self.addCleanup(os.unlink, handle.name)
        self.kinesis_ok("put-record", "--stream-name", name, "--partition-key", "k", "--data", "fileb://" + handle.name)
        [record] = self.read_records(name, "shardId-000000000000", 1)
        self.assertEqual(base64.b64decode(record["Data"]), data)

    def test_data_argument_as_each_cli_reads_it(self):
        """put-record --data aGVsbG8= without any binary-format option: cli-v2 reads it as base64
        and stores b"hello"; cli-v1 stores the text itself."""
        name = self.create_stream("b64")
        self.kinesis_ok("put-record", "--stream-name", name, "--partition-key", "k", "--data", "aGVsbG8=")
        [record] = self.read_records(name, "shardId-000000000000", 1)
        expected = b"hello" if self.major >= 2 else b"aGVsbG8="
        self.assertEqual(base64.b64decode(record["Data"]), expected)

    def test_put_records(self):
        """put-records of three text records (each CLI told to send the text as it is, as for
        put-record): FailedRecordCount 0 and three results with ShardId and SequenceNumber;
        get-records returns the three, with their partition keys."""
        name = self.create_stream("batch")
        texts = ["one", "two é", "trois ✓"]
        entries = [{"Data": t, "PartitionKey": "k{}".format(i)} for i, t in enumerate(texts)]
        args = ["put-records", "--stream-name", name, "--records", json.dumps(entries)]
        if self.major >= 2:
            args += ["--cli-binary-format", "raw-in-base64-out"]
        reply = self.kinesis_ok(*args)
        self.assertEqual(reply["FailedRecordCount"], 0)
        self.assertEqual(len(reply["Records"]), 3)
        for result in reply["Records"]:
            self.assertEqual(result["ShardId"], "shardId-000000000000")
            self.assertRegex(result["SequenceNumber"], r"^\d+$")
        records = self.read_records(name, "shardId-000000000000", 3)
        self.assertEqual(sorted((r["PartitionKey"], base64.b64decode(r["Data"]).decode("utf-8")) for r in records),
                         [("k{}".format(i), t) for i, t in enumerate(texts)])

    def test_missing_stream_is_resource_not_found(self):
        """describe-stream-summary of a stream that does not exist fails with the CLI's
        service-error exit status (254 in v2, 255 in v1) and prints the ResourceNotFoundException
        of the DescribeStreamSummary operation."""
        result = self.aws("describe-stream-summary", "--stream-name", self.unique_name("missing"), service="kinesis")
        self.assertIn(result.returncode, (254, 255), result.stderr)
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the DescribeStreamSummary operation",
                      result.stderr)
