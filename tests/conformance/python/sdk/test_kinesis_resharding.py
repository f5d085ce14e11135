"""Kinesis resharding: SplitShard, MergeShards and UpdateShardCount. Parents are closed with an
EndingSequenceNumber; children carry ParentShardId (and AdjacentParentShardId after a merge) and
hash key ranges that tile 0..2^128-1; writes go to the open shards; a closed parent read to its
end gives no NextShardIterator and names its ChildShards.

Written to the AWS Kinesis API reference. Where kinesalite 3.3.3 deviates from it, the test says
so in a comment.
"""

import time

from support.kinesis import MAX_HASH_KEY, SEQUENCE_RE, KinesisTestCase, hash_key_of, is_open, shard_for_hash

SHARD0, SHARD1, SHARD2 = "shardId-000000000000", "shardId-000000000001", "shardId-000000000002"


def hash_range(shard):
    return int(shard["HashKeyRange"]["StartingHashKey"]), int(shard["HashKeyRange"]["EndingHashKey"])


class ReshardingTestCase(KinesisTestCase):

    def by_id(self, name):
        return {s["ShardId"]: s for s in self.list_shards(name)}

    def assertClosedAfter(self, shard, sequence_numbers):
        """The shard is closed, with an EndingSequenceNumber not below any of its records'."""
        ending = shard["SequenceNumberRange"].get("EndingSequenceNumber")
        self.assertIsNotNone(ending, "{} is still open".format(shard["ShardId"]))
        self.assertRegex(ending, SEQUENCE_RE)
        for number in sequence_numbers:
            self.assertGreaterEqual(int(ending), int(number), "EndingSequenceNumber below a record of the shard")

    def assertStatusUpdatingThenActive(self, name):
        """Right after a resharding call the stream is UPDATING ("immediately returns and sets the
        stream status to UPDATING"); it becomes ACTIVE again."""
        self.assertEqual(self.summary(name)["StreamStatus"], "UPDATING")
        self.assertEqual(self.wait_for_active(name), ["UPDATING", "ACTIVE"])

    def put_to_all_open(self, name, count=20):
        """PutRecords with `count` different partition keys; every record lands on an open shard,
        the one its key's MD5 chooses. Returns the ShardIds used."""
        shards = self.list_shards(name)
        entries = [{"Data": b"after", "PartitionKey": "after-{}".format(i)} for i in range(count)]
        reply = self.kinesis.put_records(StreamName=name, Records=entries)
        self.assertEqual(reply["FailedRecordCount"], 0)
        for entry, result in zip(entries, reply["Records"]):
            self.assertEqual(result["ShardId"], shard_for_hash(shards, hash_key_of(entry["PartitionKey"])))
        return {r["ShardId"] for r in reply["Records"]}


class SplitShardTests(ReshardingTestCase):

    # kinesalite 3.3.3 deviates: GetRecords has no ChildShards at the end of a closed shard.
    def test_split_shard(self):
        """SplitShard of a 1-shard stream at hash key K: UPDATING then ACTIVE; the parent closed
        with an EndingSequenceNumber not below its records'; two open children with ParentShardId
        the parent, no AdjacentParentShardId, and ranges 0..K-1 and K..2^128-1; OpenShardCount 2;
        new records go to the children by hash key; the parent read to its end returns its records,
        then no NextShardIterator and the two ChildShards."""
        name = self.create_stream("split")
        before = [self.put(name, "r{}".format(i).encode(), "k{}".format(i))["SequenceNumber"] for i in range(3)]
        split_at = (MAX_HASH_KEY + 1) // 4
        self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD0, NewStartingHashKey=str(split_at))
        self.assertStatusUpdatingThenActive(name)
        shards = self.by_id(name)
        self.assertEqual(set(shards), {SHARD0, SHARD1, SHARD2})
        self.assertClosedAfter(shards[SHARD0], before)
        children = [shards[SHARD1], shards[SHARD2]]
        for child in children:
            self.assertTrue(is_open(child), child)
            self.assertEqual(child.get("ParentShardId"), SHARD0)
            self.assertNotIn("AdjacentParentShardId", child)
            self.assertRegex(child["SequenceNumberRange"]["StartingSequenceNumber"], SEQUENCE_RE)
        self.assertEqual(sorted(hash_range(c) for c in children), [(0, split_at - 1), (split_at, MAX_HASH_KEY)])
        self.assertTilesHashSpace(children)
        self.assertEqual(self.summary(name)["OpenShardCount"], 2)

        low = next(c["ShardId"] for c in children if hash_range(c)[0] == 0)
        high = next(c["ShardId"] for c in children if hash_range(c)[0] == split_at)
        self.assertEqual(self.put(name, b"low", "x", ExplicitHashKey=str(split_at - 1))["ShardId"], low)
        self.assertEqual(self.put(name, b"high", "x", ExplicitHashKey=str(split_at))["ShardId"], high)
        self.assertLessEqual(self.put_to_all_open(name), {low, high})

        records, responses = self.read_to_end(self.iterator(name, SHARD0))
        self.assertEqual([r["Data"] for r in records], [b"r0", b"r1", b"r2"])
        self.assertIsNone(responses[-1].get("NextShardIterator"))
        child_shards = responses[-1].get("ChildShards", [])
        self.assertEqual(sorted(c["ShardId"] for c in child_shards), [SHARD1, SHARD2])
        for child in child_shards:
            self.assertEqual(child["ParentShards"], [SHARD0])
            self.assertEqual(child["HashKeyRange"], shards[child["ShardId"]]["HashKeyRange"])

    def test_children_are_read_after_the_parent(self):
        """A record written to the stream before a split is in the parent; one written after is in
        the child of its hash key, which reads from TRIM_HORIZON only the new record."""
        name = self.create_stream("splitread")
        self.put(name, b"before", "x", ExplicitHashKey="1")
        split_at = (MAX_HASH_KEY + 1) // 2
        self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD0, NewStartingHashKey=str(split_at))
        self.wait_for_active(name)
        child = self.put(name, b"after", "x", ExplicitHashKey="1")["ShardId"]
        self.assertIn(child, (SHARD1, SHARD2))
        self.assertEqual([r["Data"] for r in self.read_shard(name, child, 1)], [b"after"])
        records, _ = self.read_to_end(self.iterator(name, SHARD0))
        self.assertEqual([r["Data"] for r in records], [b"before"])

    def test_split_shard_errors(self):
        """SplitShard -> InvalidArgumentException for a NewStartingHashKey outside the shard's range;
        ResourceNotFoundException for a shard the stream does not have; ResourceInUseException
        while the stream is UPDATING from another split."""
        name = self.create_stream("splitbad", shards=2)
        shards = self.by_id(name)
        outside = hash_range(shards[SHARD1])[0] + 10  # in shard 1, not in shard 0
        with self.subTest("hash key outside the shard"):
            with self.assertKinesisError("InvalidArgumentException"):
                self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD0, NewStartingHashKey=str(outside))
        with self.subTest("missing shard"):
            with self.assertKinesisError("ResourceNotFoundException"):
                self.kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000009",
                                         NewStartingHashKey="1000")
        with self.subTest("stream UPDATING"):
            self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD0,
                                     NewStartingHashKey=str(sum(hash_range(shards[SHARD0])) // 2))
            with self.assertKinesisError("ResourceInUseException"):
                self.kinesis.split_shard(StreamName=name, ShardToSplit=SHARD1,
                                         NewStartingHashKey=str(sum(hash_range(shards[SHARD1])) // 2))
        self.wait_for_active(name)
        self.assertEqual(self.summary(name)["OpenShardCount"], 3)


class MergeShardsTests(ReshardingTestCase):

    # kinesalite 3.3.3 deviates: GetRecords has no ChildShards at the end of a closed shard.
    def test_merge_shards(self):
        """MergeShards of the two shards of a stream: UPDATING then ACTIVE; both parents closed
        with an EndingSequenceNumber; one open child with ParentShardId the ShardToMerge,
        AdjacentParentShardId the AdjacentShardToMerge and the whole range 0..2^128-1; new records
        go to it; each parent read to its end gives no NextShardIterator and ChildShards naming the
        child with both parents."""
        name = self.create_stream("merge", shards=2)
        written = {SHARD0: [], SHARD1: []}
        for explicit, shard in (("0", SHARD0), (str(MAX_HASH_KEY), SHARD1)):
            for i in range(2):
                reply = self.put(name, "{}-{}".format(shard, i).encode(), "k", ExplicitHashKey=explicit)
                self.assertEqual(reply["ShardId"], shard)
                written[shard].append(reply["SequenceNumber"])
        self.kinesis.merge_shards(StreamName=name, ShardToMerge=SHARD0, AdjacentShardToMerge=SHARD1)
        self.assertStatusUpdatingThenActive(name)
        shards = self.by_id(name)
        self.assertEqual(set(shards), {SHARD0, SHARD1, SHARD2})
        for parent in (SHARD0, SHARD1):
            self.assertClosedAfter(shards[parent], written[parent])
        child = shards[SHARD2]
        self.assertTrue(is_open(child))
        self.assertEqual((child.get("ParentShardId"), child.get("AdjacentParentShardId")), (SHARD0, SHARD1))
        self.assertEqual(hash_range(child), (0, MAX_HASH_KEY))
        self.assertEqual(self.summary(name)["OpenShardCount"], 1)
        self.assertEqual(self.put_to_all_open(name), {SHARD2})
        for parent in (SHARD0, SHARD1):
            with self.subTest(parent=parent):
                records, responses = self.read_to_end(self.iterator(name, parent))
                self.assertEqual([r["SequenceNumber"] for r in records], written[parent])
                self.assertIsNone(responses[-1].get("NextShardIterator"))
                child_shards = responses[-1].get("ChildShards", [])
                self.assertEqual([c["ShardId"] for c in child_shards], [SHARD2])
                self.assertEqual(sorted(child_shards[0]["ParentShards"]), [SHARD0, SHARD1])

    def test_merging_shards_that_are_not_adjacent_is_invalid(self):
        """MergeShards of shard 0 and shard 2 of a 3-shard stream (their ranges do not touch) ->
        InvalidArgumentException; the stream keeps its three open shards."""
        name = self.create_stream("mergebad", shards=3)
        with self.assertKinesisError("InvalidArgumentException"):
            self.kinesis.merge_shards(StreamName=name, ShardToMerge=SHARD0, AdjacentShardToMerge=SHARD2)
        self.assertEqual(len(self.open_shards(name)), 3)


class UpdateShardCountTests(ReshardingTestCase):

    def assertResharded(self, name, original, target):
        """After UpdateShardCount: `target` open shards tiling the space, each new one with a
        ParentShardId of the stream, the original shards closed."""
        shards = self.by_id(name)
        opened = [s for s in shards.values() if is_open(s)]
        self.assertEqual(len(opened), target)
        self.assertTilesHashSpace(opened)
        for shard_id in original:
            self.assertFalse(is_open(shards[shard_id]), "{} is still open".format(shard_id))
        for shard in shards.values():
            if shard["ShardId"] not in original:
                self.assertIn(shard.get("ParentShardId"), shards, "new shard without a parent of the stream")
        self.assertEqual(self.summary(name)["OpenShardCount"], target)

    # kinesalite 3.3.3 deviates: no UpdateShardCount.
    def test_update_shard_count_up(self):
        """UpdateShardCount 1 -> 2 UNIFORM_SCALING returns CurrentShardCount 1 and TargetShardCount 2;
        the stream is UPDATING then ACTIVE with two open shards tiling the space, children of the
        closed original; new records go to the open shards."""
        name = self.create_stream("scaleup")
        reply = self.kinesis.update_shard_count(StreamName=name, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
        self.assertEqual((reply["StreamName"], reply["CurrentShardCount"], reply["TargetShardCount"]), (name, 1, 2))
        self.assertStatusUpdatingThenActive(name)
        self.assertResharded(name, [SHARD0], 2)
        self.assertLessEqual(self.put_to_all_open(name), {s["ShardId"] for s in self.open_shards(name)})

    # kinesalite 3.3.3 deviates: no UpdateShardCount.
    def test_update_shard_count_down(self):
        """UpdateShardCount 2 -> 1: one open shard holding the whole range, both originals closed."""
        name = self.create_stream("scaledown", shards=2)
        reply = self.kinesis.update_shard_count(StreamName=name, TargetShardCount=1, ScalingType="UNIFORM_SCALING")
        self.assertEqual((reply["CurrentShardCount"], reply["TargetShardCount"]), (2, 1))
        self.wait_for_active(name)
        self.assertResharded(name, [SHARD0, SHARD1], 1)

    # kinesalite 3.3.3 deviates: no UpdateShardCount.
    def test_update_shard_count_beyond_its_limits(self):
        """UpdateShardCount to more than double (1 -> 3) or below half (4 -> 1) the current count is
        refused (AWS's documented scaling limits; InvalidArgumentException or
        LimitExceededException) and the shards stay as they were."""
        cases = (("double", 1, 3), ("half", 4, 1))
        for label, shards, target in cases:
            with self.subTest(label):
                name = self.create_stream("scale" + label, shards=shards)
                with self.assertKinesisError("InvalidArgumentException", "LimitExceededException"):
                    self.kinesis.update_shard_count(StreamName=name, TargetShardCount=target,
                                                    ScalingType="UNIFORM_SCALING")
                self.assertEqual(self.summary(name)["StreamStatus"], "ACTIVE")
                self.assertEqual(len(self.open_shards(name)), shards)


class OnDemandScalingTests(ReshardingTestCase):

    # kinesalite 3.3.3 and moto deviate: on-demand streams keep their shards.
    def test_an_on_demand_stream_splits_a_hot_shard(self):
        """An ON_DEMAND stream grows from the write throughput it sees: PutRecords calls of 500
        records all hashed to one shard, quicker than that shard takes them (some entries refused
        as ProvisionedThroughputExceededException), make the stream split that shard. The parent
        closes; two children with ParentShardId the parent take over its hash range halves; every
        record acknowledged before the split is read from the parent, and the next record with the
        same hash key goes to a child."""
        name = self.create_stream("hot", on_demand=True)
        hot = self.open_shards(name)[0]
        low, high = hash_range(hot)
        key = str(low + 1)
        acknowledged = []
        children = []
        deadline = time.monotonic() + 60
        while not children:
            if time.monotonic() >= deadline:
                self.fail("the hot shard of an on-demand stream was not split within 60 s")
            entries = [{"Data": b"x" * 100, "PartitionKey": "p", "ExplicitHashKey": key} for _ in range(500)]
            reply = self.kinesis.put_records(StreamName=name, Records=entries)
            for result in reply["Records"]:
                if "SequenceNumber" in result:
                    acknowledged.append(result["SequenceNumber"])
                else:
                    self.assertEqual(result["ErrorCode"], "ProvisionedThroughputExceededException")
            shards = self.by_id(name)
            children = [s for s in shards.values() if s.get("ParentShardId") == hot["ShardId"]]

        self.assertEqual(self.summary(name)["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.wait_for_active(name)
        shards = self.by_id(name)
        self.assertClosedAfter(shards[hot["ShardId"]], acknowledged)
        self.assertEqual(len(children), 2)
        self.assertTrue(all(is_open(shards[c["ShardId"]]) and "AdjacentParentShardId" not in c for c in children))
        (low1, high1), (low2, high2) = sorted(hash_range(c) for c in children)
        self.assertEqual((low1, high2), (low, high))
        self.assertEqual(high1 + 1, low2)
        self.assertLessEqual(abs((high1 - low1) - (high2 - low2)), 1)
        self.assertTilesHashSpace(self.open_shards(name))

        records, _ = self.read_to_end(self.iterator(name, hot["ShardId"]))
        self.assertEqual([r["SequenceNumber"] for r in records], acknowledged)
        after = self.put(name, b"after the split", "p", ExplicitHashKey=key)
        self.assertIn(after["ShardId"], {c["ShardId"] for c in children})

    # kinesalite 3.3.3 and moto deviate: they reshard on-demand streams by hand.
    def test_resharding_an_on_demand_stream_by_hand_is_refused(self):
        """SplitShard, MergeShards and UpdateShardCount are "only supported for the data streams
        with the provisioned capacity mode": on an ON_DEMAND stream each is InvalidArgumentException
        and the shards stay as they were."""
        name = self.create_stream("od-manual", on_demand=True)
        shards = self.open_shards(name)
        first, second = shards[0], shards[1]
        calls = (
            ("split", lambda: self.kinesis.split_shard(StreamName=name, ShardToSplit=first["ShardId"],
                                                         NewStartingHashKey=str(hash_range(first)[0] + 10))),
            ("merge", lambda: self.kinesis.merge_shards(StreamName=name, ShardToMerge=first["ShardId"],
                                                          AdjacentShardToMerge=second["ShardId"])),
            ("update", lambda: self.kinesis.update_shard_count(StreamName=name, TargetShardCount=len(shards) * 2,
                                                                 ScalingType="UNIFORM_SCALING")),
        )
        for label, call in calls:
            with self.subTest(label):
                with self.assertKinesisError("InvalidArgumentException"):
                    call()
        self.assertEqual(self.summary(name)["StreamStatus"], "ACTIVE")
        self.assertEqual([s["ShardId"] for s in self.open_shards(name)], [s["ShardId"] for s in shards])
