"""Kinesis records: PutRecord (ShardId and SequenceNumber; the shard chosen by the MD5 of the
partition key, computed here, or by ExplicitHashKey), sequence numbers increasing per shard,
PutRecords (up to 500, per-record results, FailedRecordCount), GetShardIterator of every type,
GetRecords (Limit, NextShardIterator, MillisBehindLatest, ApproximateArrivalTimestamp, binary
data), independent readers, invalid iterators, validation errors, and the per-shard write limit.

Written to the AWS Kinesis API reference. Where kinesalite 3.3.3 deviates from it, the test says
so in a comment.
"""

import base64
import math
import os
import time
from datetime import datetime, timezone

from support.kinesis import (MAX_HASH_KEY, POLL_SECONDS, SEQUENCE_RE, SHARD_ID_RE, STREAM_SECONDS, KinesisTestCase,
                             hash_key_of, shard_for_hash, stream_arn_for)

SHARD0 = "shardId-000000000000"
MIB = 1024 * 1024


class PutRecordTests(KinesisTestCase):

    def test_put_record_returns_shard_id_and_sequence_number(self):
        """PutRecord returns the ShardId and a decimal SequenceNumber not below the shard's
        StartingSequenceNumber."""
        name = self.create_stream("put")
        reply = self.put(name, b"hello kinesis")
        self.assertRegex(reply["ShardId"], SHARD_ID_RE)
        self.assertEqual(reply["ShardId"], SHARD0)
        self.assertRegex(reply["SequenceNumber"], SEQUENCE_RE)
        start = self.list_shards(name)[0]["SequenceNumberRange"]["StartingSequenceNumber"]
        self.assertGreaterEqual(int(reply["SequenceNumber"]), int(start))

    def test_partition_key_md5_chooses_the_shard(self):
        """On a 4-shard stream each record goes to the open shard whose HashKeyRange holds the MD5
        of its partition key (UTF-8, read as a 128-bit big-endian integer); the record is then
        read from that shard."""
        name = self.create_stream("md5", shards=4)
        shards = self.list_shards(name)
        keys = ["key-{}".format(i) for i in range(40)] + ["ключ", "é", "😀 emoji", "a" * 256]
        placed = {}
        for key in keys:
            with self.subTest(key=key[:20]):
                shard = self.put(name, key.encode("utf-8"), key)["ShardId"]
                self.assertEqual(shard, shard_for_hash(shards, hash_key_of(key)))
                placed.setdefault(shard, []).append(key)
        self.assertGreater(len(placed), 1, "40 keys all hashed to one shard")
        shard, expected = max(placed.items(), key=lambda item: len(item[1]))
        records = self.read_shard(name, shard, len(expected))
        self.assertEqual([r["PartitionKey"] for r in records], expected)

    def test_explicit_hash_key_chooses_the_shard(self):
        """ExplicitHashKey overrides the partition key's hash: the StartingHashKey and the
        EndingHashKey of each of 4 shards (0 and 2^128-1 among them) go to that shard, even with
        a partition key that hashes elsewhere."""
        name = self.create_stream("ehk", shards=4)
        shards = self.list_shards(name)
        key = "fixed-key"  # hashes to one shard; the other three prove the override
        for shard in shards:
            for end in ("StartingHashKey", "EndingHashKey"):
                value = shard["HashKeyRange"][end]
                with self.subTest(shard=shard["ShardId"], end=end):
                    reply = self.put(name, b"x", key, ExplicitHashKey=value)
                    self.assertEqual(reply["ShardId"], shard["ShardId"], "ExplicitHashKey {}".format(value))
        ends = {shard["HashKeyRange"][e] for shard in shards for e in ("StartingHashKey", "EndingHashKey")}
        self.assertTrue({"0", str(MAX_HASH_KEY)} <= ends)

    def test_explicit_hash_key_out_of_range_is_invalid(self):
        """ExplicitHashKey 2^128 (one past the hash key space) -> InvalidArgumentException."""
        name = self.create_stream("ehkbad")
        with self.assertKinesisError("InvalidArgumentException"):
            self.put(name, b"x", "k", ExplicitHashKey=str(MAX_HASH_KEY + 1))

    def test_sequence_numbers_increase_per_shard(self):
        """Twenty PutRecords alternating between two shards: within each shard the sequence
        numbers are strictly increasing as integers, and GetRecords returns that shard's records
        in the same order."""
        name = self.create_stream("seq", shards=2)
        shards = self.list_shards(name)
        keys = {}
        for i in range(100):
            keys.setdefault(shard_for_hash(shards, hash_key_of("k{}".format(i))), "k{}".format(i))
        self.assertEqual(len(keys), 2)
        written = {shard: [] for shard in keys}
        for i in range(20):
            shard = sorted(keys)[i % 2]
            reply = self.put(name, "r{}".format(i).encode(), keys[shard])
            self.assertEqual(reply["ShardId"], shard)
            written[shard].append((reply["SequenceNumber"], "r{}".format(i).encode()))
        for shard, entries in written.items():
            numbers = [int(n) for n, _ in entries]
            self.assertEqual(numbers, sorted(numbers), "sequence numbers of " + shard)
            self.assertEqual(len(set(numbers)), len(numbers), "repeated sequence numbers in " + shard)
            records = self.read_shard(name, shard, len(entries))
            self.assertEqual([(r["SequenceNumber"], r["Data"]) for r in records], entries)

    def test_sequence_number_for_ordering(self):
        """PutRecord with SequenceNumberForOrdering set to the previous record's sequence number
        gets a greater sequence number."""
        name = self.create_stream("order")
        first = self.put(name, b"one")["SequenceNumber"]
        second = self.put(name, b"two", SequenceNumberForOrdering=first)["SequenceNumber"]
        self.assertGreater(int(second), int(first))

    def test_binary_data_round_trips(self):
        """Data of every byte value 0-255 (and a lone 0x00, and bytes that are no UTF-8) comes back
        from GetRecords byte for byte, with its Unicode partition key."""
        name = self.create_stream("binary")
        payloads = [bytes(range(256)) * 4, b"\x00", b"\xff\xfe\x80 not utf-8", "héllo ✓".encode("utf-8")]
        for i, data in enumerate(payloads):
            self.put(name, data, "clé-{}".format(i))
        records = self.read_shard(name, SHARD0, len(payloads))
        self.assertEqual([r["Data"] for r in records], payloads)
        self.assertEqual([r["PartitionKey"] for r in records], ["clé-{}".format(i) for i in range(len(payloads))])

    def test_record_of_exactly_one_mib_is_accepted(self):
        """A record whose partition key and data add up to exactly 1 MiB (the default maximum
        record size) is accepted and read back whole."""
        name = self.create_stream("mib")
        key = "k"
        data = os.urandom(MIB - len(key))
        self.put(name, data, key)
        records = self.read_shard(name, SHARD0, 1)
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["Data"], data)

    def test_update_max_record_size_admits_larger_records(self):
        """UpdateMaxRecordSize to 2048 KiB: DescribeStreamSummary reports it and a 1.5 MiB record
        the default refused is accepted and read back whole; 10,241 KiB -> ValidationException
        (the model's 1,024-10,240)."""
        if not hasattr(self.kinesis, "update_max_record_size"):
            self.skipTest("this botocore predates UpdateMaxRecordSize (2025)")
        name = self.create_stream("maxsize")
        data = os.urandom(MIB + MIB // 2)
        with self.assertKinesisError("ValidationException", "InvalidArgumentException"):
            self.unchecked_kinesis.put_record(StreamName=name, Data=data, PartitionKey="k")
        with self.assertKinesisError("ValidationException"):
            self.kinesis.update_max_record_size(StreamARN=stream_arn_for(name), MaxRecordSizeInKiB=10_241)
        self.kinesis.update_max_record_size(StreamARN=stream_arn_for(name), MaxRecordSizeInKiB=2048)
        deadline = time.monotonic() + STREAM_SECONDS
        while self.summary(name)["StreamStatus"] != "ACTIVE":
            self.assertLess(time.monotonic(), deadline, "stream not ACTIVE after UpdateMaxRecordSize")
            time.sleep(POLL_SECONDS)
        self.assertEqual(self.summary(name)["MaxRecordSizeInKiB"], 2048)
        self.put(name, data, "k")
        self.assertEqual([r["Data"] for r in self.read_shard(name, SHARD0, 1)], [data])

    def test_invalid_put_record_requests(self):
        """PutRecord with an empty partition key or one of 257 characters -> ValidationException
        (the model's length 1-256); with data over 1 MiB -> ValidationException or
        InvalidArgumentException (the record-size check; AWS now models Data up to 10 MiB, for
        streams whose maximum record size was raised, so either answer is AWS's)."""
        name = self.create_stream("badput")
        cases = {
            "empty partition key": ({"PartitionKey": ""}, ("ValidationException",)),
            "257-character partition key": ({"PartitionKey": "p" * 257}, ("ValidationException",)),
            "data of 1 MiB + 1": ({"PartitionKey": "k", "Data": b"x" * (MIB + 1)},
                                  ("ValidationException", "InvalidArgumentException")),
        }
        for label, (fields, codes) in cases.items():
            with self.subTest(label):
                request = {"StreamName": name, "Data": b"x", **fields}
                with self.assertKinesisError(*codes):
                    self.unchecked_kinesis.put_record(**request)
        self.assertEqual(self.read_nothing(self.iterator(name, SHARD0)), [], "a rejected record was stored")


class PutRecordsTests(KinesisTestCase):

    def test_put_records_of_500(self):
        """PutRecords of 500 records on a 2-shard stream: FailedRecordCount 0 and one result per
        record, in request order, each with the ShardId the partition key's MD5 chooses and a
        SequenceNumber; every record is then read back from its shard."""
        name = self.create_stream("batch", shards=2)
        shards = self.list_shards(name)
        entries = [{"Data": "record {}".format(i).encode(), "PartitionKey": "pk-{}".format(i)} for i in range(500)]
        reply = self.kinesis.put_records(StreamName=name, Records=entries)
        self.assertEqual(reply["FailedRecordCount"], 0)
        self.assertEqual(len(reply["Records"]), 500)
        by_shard = {}
        for entry, result in zip(entries, reply["Records"]):
            self.assertNotIn("ErrorCode", result)
            self.assertEqual(result["ShardId"], shard_for_hash(shards, hash_key_of(entry["PartitionKey"])))
            self.assertRegex(result["SequenceNumber"], SEQUENCE_RE)
            by_shard.setdefault(result["ShardId"], {})[result["SequenceNumber"]] = entry
        self.assertEqual(sum(len(v) for v in by_shard.values()), 500, "repeated sequence numbers")
        for shard, written in by_shard.items():
            records = self.read_shard(name, shard, len(written))
            self.assertEqual({r["SequenceNumber"]: (r["Data"], r["PartitionKey"]) for r in records},
                             {n: (e["Data"], e["PartitionKey"]) for n, e in written.items()})

    def test_put_records_binary_data_and_explicit_hash_keys(self):
        """PutRecords entries with binary data and ExplicitHashKeys: each goes to the shard of its
        hash key and reads back byte for byte."""
        name = self.create_stream("batchbin", shards=2)
        shards = self.list_shards(name)
        entries = [{"Data": bytes([i, 0, 255 - i]), "PartitionKey": "same",
                    "ExplicitHashKey": shards[i % 2]["HashKeyRange"]["StartingHashKey"]} for i in range(6)]
        reply = self.kinesis.put_records(StreamName=name, Records=entries)
        self.assertEqual(reply["FailedRecordCount"], 0)
        self.assertEqual([r["ShardId"] for r in reply["Records"]], [shards[i % 2]["ShardId"] for i in range(6)])
        records = self.read_shard(name, shards[1]["ShardId"], 3)
        self.assertEqual([r["Data"] for r in records], [entries[i]["Data"] for i in (1, 3, 5)])

    def test_invalid_put_records_requests(self):
        """PutRecords with 501 records, with none, or with an entry whose partition key is empty
        -> ValidationException (the model's 1-500 records, key length 1-256); nothing is
        stored."""
        name = self.create_stream("batchbad")
        record = {"Data": b"x", "PartitionKey": "k"}
        cases = {"501 records": [record] * 501, "no records": [],
                 "an empty partition key": [record, {"Data": b"y", "PartitionKey": ""}]}
        for label, records in cases.items():
            with self.subTest(label):
                with self.assertKinesisError("ValidationException"):
                    self.unchecked_kinesis.put_records(StreamName=name, Records=records)
        self.assertEqual(self.read_nothing(self.iterator(name, SHARD0)), [], "a rejected batch was stored")


class ShardIteratorTests(KinesisTestCase):

    def put_three(self, name):
        return [(self.put(name, data)["SequenceNumber"], data) for data in (b"r1", b"r2", b"r3")]

    def test_iterator_types(self):
        """With r1, r2, r3 in the shard: TRIM_HORIZON reads all three, AT_SEQUENCE_NUMBER of r2
        reads r2 and r3, AFTER_SEQUENCE_NUMBER of r2 reads r3, and LATEST reads only a record
        written after the iterator was taken."""
        name = self.create_stream("types")
        written = self.put_three(name)
        second = written[1][0]
        cases = {
            "TRIM_HORIZON": ({}, [b"r1", b"r2", b"r3"]),
            "AT_SEQUENCE_NUMBER": ({"StartingSequenceNumber": second}, [b"r2", b"r3"]),
            "AFTER_SEQUENCE_NUMBER": ({"StartingSequenceNumber": second}, [b"r3"]),
        }
        for iterator_type, (extra, expected) in cases.items():
            with self.subTest(iterator_type):
                records = self.read_shard(name, SHARD0, len(expected), iterator_type, **extra)
                self.assertEqual([r["Data"] for r in records], expected)
        latest = self.iterator(name, SHARD0, "LATEST")
        self.put(name, b"r4")
        records, _ = self.read(latest, 1)
        self.assertEqual([r["Data"] for r in records], [b"r4"])

    def test_at_timestamp(self):
        """AT_TIMESTAMP reads from the first record that arrived at or after the timestamp: with r1
        before whole second T and r2, r3 after it, AT_TIMESTAMP T reads r2 and r3, and a timestamp
        at or before r1's arrival reads all three. (botocore sends whole seconds, aws-wire.md §7.)"""
        name = self.create_stream("attime")
        self.put(name, b"r1")
        first = self.read_shard(name, SHARD0, 1)[0]
        arrived = first["ApproximateArrivalTimestamp"].timestamp()
        boundary = math.floor(arrived) + 1
        while time.time() < boundary + 0.2:  # bounded: at most 1.2 s
            time.sleep(0.05)
        self.put(name, b"r2")
        self.put(name, b"r3")
        after = self.read_shard(name, SHARD0, 2, "AT_TIMESTAMP",
                                Timestamp=datetime.fromtimestamp(boundary, timezone.utc))
        self.assertEqual([r["Data"] for r in after], [b"r2", b"r3"])
        everything = self.read_shard(name, SHARD0, 3, "AT_TIMESTAMP",
                                     Timestamp=datetime.fromtimestamp(math.floor(arrived), timezone.utc))
        self.assertEqual([r["Data"] for r in everything], [b"r1", b"r2", b"r3"])

    def test_iterator_argument_errors(self):
        """GetShardIterator -> InvalidArgumentException for AT_SEQUENCE_NUMBER without a
        StartingSequenceNumber, AT_TIMESTAMP without a Timestamp, and a sequence number of another
        shard; an unknown ShardIteratorType -> ValidationException."""
        name = self.create_stream("itbad", shards=2)
        other = self.put(name, b"x", "k", ExplicitHashKey="0")["SequenceNumber"]  # on shard 0
        cases = {
            "AT_SEQUENCE_NUMBER without a number": (
                {"ShardId": SHARD0, "ShardIteratorType": "AT_SEQUENCE_NUMBER"}, "InvalidArgumentException"),
            "AT_TIMESTAMP without a timestamp": (
                {"ShardId": SHARD0, "ShardIteratorType": "AT_TIMESTAMP"}, "InvalidArgumentException"),
            "a sequence number of another shard": (
                {"ShardId": "shardId-000000000001", "ShardIteratorType": "AT_SEQUENCE_NUMBER",
                 "StartingSequenceNumber": other}, "InvalidArgumentException"),
            "an unknown iterator type": (
                {"ShardId": SHARD0, "ShardIteratorType": "OLDEST"}, "ValidationException"),
        }
        for label, (request, code) in cases.items():
            with self.subTest(label):
                with self.assertKinesisError(code):
                    self.unchecked_kinesis.get_shard_iterator(StreamName=name, **request)


class GetRecordsTests(KinesisTestCase):

    def test_limit_caps_each_response(self):
        """GetRecords Limit=2 over five records: no response has more than two records, and the
        reader gets all five in order by following NextShardIterator."""
        name = self.create_stream("limit")
        for i in range(5):
            self.put(name, "r{}".format(i).encode())
        records, responses = self.read(self.iterator(name, SHARD0), 5, limit=2)
        self.assertLessEqual(max(len(r["Records"]) for r in responses), 2)
        self.assertEqual([r["Data"] for r in records], [b"r0", b"r1", b"r2", b"r3", b"r4"])

    def test_next_shard_iterator_and_millis_behind_latest(self):
        """Every GetRecords of an open shard has a NextShardIterator and an integer
        MillisBehindLatest >= 0; once the reader has the last record MillisBehindLatest is 0, and
        the next call returns no records and again a NextShardIterator."""
        name = self.create_stream("behind")
        for i in range(3):
            self.put(name, "r{}".format(i).encode())
        records, responses = self.read(self.iterator(name, SHARD0), 3)
        self.assertEqual(len(records), 3)
        for response in responses:
            self.assertTrue(response.get("NextShardIterator"), "an open shard's GetRecords has no NextShardIterator")
            self.assertIsInstance(response["MillisBehindLatest"], int)
            self.assertGreaterEqual(response["MillisBehindLatest"], 0)
        self.assertEqual(responses[-1]["MillisBehindLatest"], 0)
        after = self.kinesis.get_records(ShardIterator=responses[-1]["NextShardIterator"])
        self.assertEqual(after["Records"], [])
        self.assertTrue(after.get("NextShardIterator"))
        self.assertEqual(after["MillisBehindLatest"], 0)

    def test_record_fields(self):
        """A record read has its SequenceNumber (as PutRecord returned it), Data, PartitionKey and
        an ApproximateArrivalTimestamp between the put and the read."""
        name = self.create_stream("fields")
        before = time.time()
        sequence = self.put(name, b"fields", "the key")["SequenceNumber"]
        after = time.time()
        [record] = self.read_shard(name, SHARD0, 1)
        self.assertEqual((record["SequenceNumber"], record["Data"], record["PartitionKey"]),
                         (sequence, b"fields", "the key"))
        self.assertRecentTimestamp(record["ApproximateArrivalTimestamp"], before, after, slack=2.0)

    def test_two_readers_read_the_same_records(self):
        """Two TRIM_HORIZON iterators of one shard each read all the records: reading does not
        consume them."""
        name = self.create_stream("readers")
        for i in range(3):
            self.put(name, "r{}".format(i).encode())
        first = self.iterator(name, SHARD0)
        second = self.iterator(name, SHARD0)
        records_first, _ = self.read(first, 3)
        records_second, _ = self.read(second, 3)
        self.assertEqual([r["Data"] for r in records_first], [b"r0", b"r1", b"r2"])
        self.assertEqual(records_second, records_first)
        again = self.read_shard(name, SHARD0, 3)
        self.assertEqual([r["SequenceNumber"] for r in again], [r["SequenceNumber"] for r in records_first])

    def test_invalid_or_foreign_iterator_is_invalid_argument(self):
        """GetRecords with an iterator the server never issued -> InvalidArgumentException: a
        string that is no iterator, and well-formed base64 of random bytes."""
        self.create_stream("badit")  # the server has at least one stream
        iterators = {"not an iterator": "not-an-iterator!",
                     "random base64": "AAAAAAAAAAE" + base64.b64encode(os.urandom(150)).decode()}
        for label, iterator in iterators.items():
            with self.subTest(label):
                with self.assertKinesisError("InvalidArgumentException"):
                    self.kinesis.get_records(ShardIterator=iterator)

    def test_limit_out_of_range_is_a_validation_error(self):
        """GetRecords Limit 0 or 10001 (the model allows 1-10000) -> ValidationException."""
        name = self.create_stream("badlimit")
        iterator = self.iterator(name, SHARD0)
        for limit in (0, 10001):
            with self.subTest(limit=limit):
                with self.assertKinesisError("ValidationException"):
                    self.unchecked_kinesis.get_records(ShardIterator=iterator, Limit=limit)


class ThroughputTests(KinesisTestCase):

    # EXPECTS AWS's LIMITS TO BE ENFORCED: a shard takes at most 1,000 records per second (Shoal
    # enforces this by default). kinesalite 3.3.3 enforces no limit, so it fails this test.
    def test_put_records_over_the_write_limit_is_partly_throttled(self):
        """Four PutRecords of 500 records each, sent as fast as possible to a 1-shard stream (2,000
        records, over the 1,000 records/s per shard): some records fail with ErrorCode
        ProvisionedThroughputExceededException and an ErrorMessage and no ShardId or
        SequenceNumber; FailedRecordCount counts them; the others succeed as usual."""
        name = self.create_stream("throttle")
        entries = [{"Data": b"t", "PartitionKey": "p{}".format(i)} for i in range(500)]
        started = time.monotonic()
        replies = [self.kinesis.put_records(StreamName=name, Records=entries) for _ in range(4)]
        elapsed = time.monotonic() - started
        failed = 0
        for reply in replies:
            self.assertEqual(len(reply["Records"]), 500)
            errors = [r for r in reply["Records"] if "ErrorCode" in r]
            self.assertEqual(reply["FailedRecordCount"], len(errors))
            failed += len(errors)
            for result in reply["Records"]:
                if "ErrorCode" in result:
                    self.assertEqual(result["ErrorCode"], "ProvisionedThroughputExceededException")
                    self.assertTrue(result.get("ErrorMessage"), "a failed record has no ErrorMessage")
                    self.assertNotIn("SequenceNumber", result)
                    self.assertNotIn("ShardId", result)
                else:
                    self.assertEqual(result["ShardId"], SHARD0)
                    self.assertRegex(result["SequenceNumber"], SEQUENCE_RE)
        self.assertGreater(failed, 0, "2,000 records in {:.2f} s to one shard and none was throttled".format(elapsed))
