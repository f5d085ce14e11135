"""Kinesis streams: CreateStream (ShardCount and ON_DEMAND), CREATING -> ACTIVE, DescribeStream and
DescribeStreamSummary, ListStreams (paging, StreamSummaries), ListShards (NextToken, ShardFilter),
DeleteStream, ResourceInUseException and ResourceNotFoundException, tags (AddTagsToStream and
TagResource), retention, encryption, UpdateStreamMode and DescribeLimits.

Written to the AWS Kinesis API reference. Where kinesalite 3.3.3 deviates from it, the test says
so in a comment.
"""

import json
import time

from support.kinesis import MAX_HASH_KEY, SEQUENCE_RE, SHARD_ID_RE, KinesisTestCase, is_open, stream_arn_for
from support.raw import header, kinesis_request


def tags_of(listing):
    return {t["Key"]: t["Value"] for t in listing["Tags"]}


class CreateStreamTests(KinesisTestCase):

    def test_new_stream_is_creating_then_active(self):
        """CreateStream returns at once with the stream CREATING ("Kinesis Data Streams immediately
        returns and sets the stream status to CREATING"); it then becomes ACTIVE, with no other
        status in between."""
        name = self.create_stream("status", wait=False)
        first = self.summary(name)["StreamStatus"]
        self.assertEqual(first, "CREATING")
        seen = self.wait_for_active(name)
        self.assertEqual(seen, ["CREATING", "ACTIVE"], "statuses seen")

    # kinesalite 3.3.3 deviates: no StreamModeDetails.
    def test_describe_stream_of_a_new_provisioned_stream(self):
        """DescribeStream of a new 3-shard stream: its name and ARN, ACTIVE, PROVISIONED, shards
        shardId-000000000000..2 open (a StartingSequenceNumber, no EndingSequenceNumber, no parent)
        whose hash key ranges divide 0..2^128-1 evenly, HasMoreShards false, 24 h retention, the
        creation time, no encryption and no shard-level metrics."""
        before = time.time()
        name = self.create_stream("describe", shards=3)
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual(description["StreamName"], name)
        self.assertEqual(description["StreamARN"], stream_arn_for(name))
        self.assertEqual(description["StreamStatus"], "ACTIVE")
        self.assertEqual(description["StreamModeDetails"], {"StreamMode": "PROVISIONED"})
        self.assertFalse(description["HasMoreShards"])
        self.assertEqual(description["RetentionPeriodHours"], 24)
        self.assertRecentTimestamp(description["StreamCreationTimestamp"], before, time.time())
        self.assertEqual(description["EncryptionType"], "NONE")
        self.assertNotIn("KeyId", description)
        self.assertEqual(description["EnhancedMonitoring"], [{"ShardLevelMetrics": []}])
        shards = description["Shards"]
        self.assertEqual([s["ShardId"] for s in shards],
                         ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
        for shard in shards:
            self.assertRegex(shard["ShardId"], SHARD_ID_RE)
            self.assertRegex(shard["SequenceNumberRange"]["StartingSequenceNumber"], SEQUENCE_RE)
            self.assertTrue(is_open(shard), shard)
            self.assertNotIn("ParentShardId", shard)
            self.assertNotIn("AdjacentParentShardId", shard)
            size = int(shard["HashKeyRange"]["EndingHashKey"]) - int(shard["HashKeyRange"]["StartingHashKey"]) + 1
            self.assertLessEqual(abs(size - (MAX_HASH_KEY + 1) / 3), 3, "the range is not an even third")
        self.assertTilesHashSpace(shards)

    # kinesalite 3.3.3 deviates: no StreamModeDetails.
    def test_describe_stream_summary_fields(self):
        """DescribeStreamSummary of a new 2-shard stream: name, ARN, ACTIVE, PROVISIONED, 24 h
        retention, creation time, EncryptionType NONE, no shard-level metrics, OpenShardCount 2,
        ConsumerCount 0."""
        before = time.time()
        name = self.create_stream("summary", shards=2)
        summary = self.summary(name)
        self.assertEqual(summary["StreamName"], name)
        self.assertEqual(summary["StreamARN"], stream_arn_for(name))
        self.assertEqual(summary["StreamStatus"], "ACTIVE")
        self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "PROVISIONED"})
        self.assertEqual(summary["RetentionPeriodHours"], 24)
        self.assertRecentTimestamp(summary["StreamCreationTimestamp"], before, time.time())
        self.assertEqual(summary["EncryptionType"], "NONE")
        self.assertEqual(summary["EnhancedMonitoring"], [{"ShardLevelMetrics": []}])
        self.assertEqual(summary["OpenShardCount"], 2)
        self.assertEqual(summary["ConsumerCount"], 0)

    # kinesalite 3.3.3 deviates: it has no StreamModeDetails (CreateStream requires ShardCount).
    def test_on_demand_stream(self):
        """CreateStream with StreamModeDetails ON_DEMAND and no ShardCount: the stream becomes
        ACTIVE in ON_DEMAND mode with open shards that tile the hash key space, and takes
        records."""
        name = self.create_stream("ondemand", on_demand=True)
        summary = self.summary(name)
        self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertGreaterEqual(summary["OpenShardCount"], 1)
        shards = self.open_shards(name)
        self.assertEqual(len(shards), summary["OpenShardCount"])
        self.assertTilesHashSpace(shards)
        self.assertIn(self.put(name, b"on demand")["ShardId"], [s["ShardId"] for s in shards])

    # kinesalite 3.3.3 deviates: CreateStream ignores Tags.
    def test_create_stream_tags(self):
        """CreateStream's Tags are listed by ListTagsForStream."""
        self.require_member("CreateStream", "Tags")
        name = self.unique_stream_name("ctags")
        self.kinesis.create_stream(StreamName=name, ShardCount=1, Tags={"team": "blue", "env": "test"})
        self.addCleanup(self.delete_stream_quietly, name)
        self.wait_for_active(name)
        self.assertEqual(tags_of(self.kinesis.list_tags_for_stream(StreamName=name)),
                         {"team": "blue", "env": "test"})

    def test_duplicate_name_is_resource_in_use(self):
        """CreateStream with the name of an existing stream -> ResourceInUseException; the stream
        keeps its shards."""
        name = self.create_stream("dup", shards=2)
        with self.assertKinesisError("ResourceInUseException"):
            self.kinesis.create_stream(StreamName=name, ShardCount=1)
        self.assertEqual(self.summary(name)["OpenShardCount"], 2)

    def test_invalid_create_requests_are_validation_errors(self):
        """CreateStream breaking the model's constraints -> ValidationException: ShardCount 0, a
        name with a space, a name of 129 characters."""
        requests = {
            "ShardCount 0": {"StreamName": self.unique_stream_name("zero"), "ShardCount": 0},
            "space in name": {"StreamName": "conf-kin bad name", "ShardCount": 1},
            "129 characters": {"StreamName": "conf-kin-" + "x" * 120, "ShardCount": 1},
        }
        for label, request in requests.items():
            with self.subTest(label):
                with self.assertKinesisError("ValidationException"):
                    self.unchecked_kinesis.create_stream(**request)
                    self.addCleanup(self.delete_stream_quietly, request["StreamName"])


class DescribeStreamTests(KinesisTestCase):

    # kinesalite 3.3.3 deviates: DescribeStream ignores Limit.
    def test_describe_stream_pages_shards_with_limit(self):
        """DescribeStream Limit=2 of a 3-shard stream returns the first two shards with
        HasMoreShards true; ExclusiveStartShardId of the second returns the third with HasMoreShards
        false."""
        name = self.create_stream("dpage", shards=3)
        first = self.kinesis.describe_stream(StreamName=name, Limit=2)["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in first["Shards"]], ["shardId-000000000000", "shardId-000000000001"])
        self.assertTrue(first["HasMoreShards"])
        rest = self.kinesis.describe_stream(StreamName=name, Limit=2,
                                            ExclusiveStartShardId="shardId-000000000001")["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in rest["Shards"]], ["shardId-000000000002"])
        self.assertFalse(rest["HasMoreShards"])

    # kinesalite 3.3.3 deviates: it knows no StreamARN parameter (StreamName is required).
    def test_stream_arn_addresses_the_stream(self):
        """DescribeStreamSummary, ListShards and PutRecord with StreamARN instead of StreamName
        act on that stream."""
        self.require_member("DescribeStreamSummary", "StreamARN")
        name = self.create_stream("arn")
        arn = stream_arn_for(name)
        self.assertEqual(self.kinesis.describe_stream_summary(StreamARN=arn)["StreamDescriptionSummary"]["StreamName"],
                         name)
        self.assertEqual([s["ShardId"] for s in self.kinesis.list_shards(StreamARN=arn)["Shards"]],
                         ["shardId-000000000000"])
        reply = self.kinesis.put_record(StreamARN=arn, Data=b"by arn", PartitionKey="k")
        self.assertEqual(reply["ShardId"], "shardId-000000000000")
        records = self.read_shard(name, "shardId-000000000000", 1)
        self.assertEqual([r["Data"] for r in records], [b"by arn"])


class ListStreamsTests(KinesisTestCase):

    def create_named(self, prefix, suffixes):
        names = [prefix + s for s in suffixes]
        for n in names:
            self.create_stream(name=n, wait=False)
        for n in names:
            self.wait_for_active(n)
        return names

    def test_list_streams_pages_in_name_order_with_exclusive_start_stream_name(self):
        """ListStreams Limit=1 from ExclusiveStartStreamName returns the next stream name in
        order, one per page with HasMoreStreams true while more follow."""
        prefix = self.unique_stream_name("list") + "-"
        names = self.create_named(prefix, ["a", "b", "c"])
        listed, start = [], prefix
        for _ in names:
            page = self.kinesis.list_streams(Limit=1, ExclusiveStartStreamName=start)
            self.assertEqual(len(page["StreamNames"]), 1, page["StreamNames"])
            listed.append(page["StreamNames"][0])
            start = listed[-1]
            if listed[-1] != names[-1]:
                self.assertTrue(page["HasMoreStreams"])
        self.assertEqual(listed, names)

    # kinesalite 3.3.3 deviates: no NextToken and no StreamSummaries.
    def test_list_streams_next_token_and_stream_summaries(self):
        """ListStreams Limit=1 pages with NextToken; each page's StreamSummaries describe its
        StreamNames (name, ARN, ACTIVE, PROVISIONED, creation time)."""
        self.require_member("ListStreams", "StreamSummaries", output=True)
        prefix = self.unique_stream_name("token") + "-"
        names = self.create_named(prefix, ["a", "b", "c"])
        page = self.kinesis.list_streams(Limit=1, ExclusiveStartStreamName=prefix)
        pages = [page]
        while len(pages) < len(names) and page.get("NextToken"):
            page = self.kinesis.list_streams(Limit=1, NextToken=page["NextToken"])
            pages.append(page)
        self.assertEqual([n for p in pages for n in p["StreamNames"]], names)
        for page in pages[:-1]:
            self.assertTrue(page["HasMoreStreams"])
        for page in pages:
            summaries = page["StreamSummaries"]
            self.assertEqual([s["StreamName"] for s in summaries], page["StreamNames"])
            for summary in summaries:
                self.assertEqual(summary["StreamARN"], stream_arn_for(summary["StreamName"]))
                self.assertEqual(summary["StreamStatus"], "ACTIVE")
                self.assertEqual(summary["StreamModeDetails"], {"StreamMode": "PROVISIONED"})
                self.assertIn("StreamCreationTimestamp", summary)

    def test_list_streams_limit_out_of_range_is_a_validation_error(self):
        """ListStreams Limit 0 or 10001 (the model allows 1-10000) -> ValidationException."""
        for limit in (0, 10001):
            with self.subTest(limit=limit):
                with self.assertKinesisError("ValidationException"):
                    self.unchecked_kinesis.list_streams(Limit=limit)


class ListShardsTests(KinesisTestCase):

    # kinesalite 3.3.3 deviates: ListShards ignores MaxResults and returns no NextToken.
    def test_list_shards_pages_with_next_token(self):
        """ListShards MaxResults=1 of a 3-shard stream: one shard per page, the next page asked for
        with NextToken alone, the three shards in order, each once."""
        name = self.create_stream("lpage", shards=3)
        page = self.kinesis.list_shards(StreamName=name, MaxResults=1)
        pages = [page]
        while page.get("NextToken") and len(pages) < 5:
            page = self.kinesis.list_shards(NextToken=page["NextToken"], MaxResults=1)
            pages.append(page)
        self.assertLessEqual(max(len(p["Shards"]) for p in pages), 1)
        self.assertTrue(pages[0].get("NextToken"), "no NextToken after the first of three shards")
        self.assertEqual([s["ShardId"] for p in pages for s in p["Shards"]],
                         ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
        self.assertFalse(pages[-1].get("NextToken"), "still a NextToken after the last shard")

    def test_next_token_with_stream_name_is_invalid(self):
        """ListShards with both NextToken and StreamName -> InvalidArgumentException ("You cannot
        specify this parameter if you specify the NextToken parameter")."""
        name = self.create_stream("lboth", shards=2)
        page = self.kinesis.list_shards(StreamName=name, MaxResults=1)
        token = page.get("NextToken") or "AAAAAAAAAAFakeToken="
        with self.assertKinesisError("InvalidArgumentException"):
            self.kinesis.list_shards(StreamName=name, NextToken=token)

    def test_exclusive_start_shard_id(self):
        """ListShards ExclusiveStartShardId=shardId-000000000000 lists the shards after it."""
        name = self.create_stream("lstart", shards=3)
        shards = self.kinesis.list_shards(StreamName=name, ExclusiveStartShardId="shardId-000000000000")["Shards"]
        self.assertEqual([s["ShardId"] for s in shards], ["shardId-000000000001", "shardId-000000000002"])

    # kinesalite 3.3.3 deviates: no ShardFilter (every shard is listed whatever the filter).
    def test_shard_filter(self):
        """After shardId-000000000000 of a 2-shard stream is split: ShardFilter AT_LATEST lists the
        three open shards, FROM_TRIM_HORIZON (the default) all four, AT_TRIM_HORIZON the two
        original shards, AFTER_SHARD_ID shardId-000000000001 the two children."""
        name = self.create_stream("filter", shards=2)
        parent = self.list_shards(name)[0]
        middle = (int(parent["HashKeyRange"]["StartingHashKey"]) + int(parent["HashKeyRange"]["EndingHashKey"])) // 2
        self.kinesis.split_shard(StreamName=name, ShardToSplit=parent["ShardId"], NewStartingHashKey=str(middle))
        self.wait_for_active(name)
        everything = self.shard_ids(name)
        self.assertEqual(len(everything), 4, everything)
        children = [s for s in everything if s not in ("shardId-000000000000", "shardId-000000000001")]

        def listed(**shard_filter):
            return sorted(s["ShardId"] for s in self.list_shards(name, ShardFilter=shard_filter))

        self.assertEqual(listed(Type="AT_LATEST"), sorted(["shardId-000000000001"] + children))
        self.assertEqual(listed(Type="FROM_TRIM_HORIZON"), sorted(everything))
        self.assertEqual(listed(Type="AT_TRIM_HORIZON"), ["shardId-000000000000", "shardId-000000000001"])
        self.assertEqual(listed(Type="AFTER_SHARD_ID", ShardId="shardId-000000000001"), sorted(children))


class DeleteStreamTests(KinesisTestCase):

    def test_delete_stream(self):
        """DeleteStream: the stream is DELETING or already gone, then DescribeStreamSummary is
        ResourceNotFoundException and ListStreams no longer lists it."""
        name = self.create_stream("delete")
        self.kinesis.delete_stream(StreamName=name)
        seen = self.wait_until_gone(name)
        self.assertIn(seen, ([], ["DELETING"]), "statuses seen while deleting")
        listed = self.kinesis.list_streams(ExclusiveStartStreamName=name[:-1], Limit=10)["StreamNames"]
        self.assertNotIn(name, listed)

    def test_delete_missing_stream_is_resource_not_found(self):
        """DeleteStream of a stream that does not exist -> ResourceNotFoundException."""
        with self.assertKinesisError("ResourceNotFoundException"):
            self.kinesis.delete_stream(StreamName=self.unique_stream_name("never"))


class ResourceNotFoundTests(KinesisTestCase):

    def test_missing_stream_is_resource_not_found(self):
        """Every operation on a stream that does not exist -> 400 ResourceNotFoundException whose
        message names the stream: DescribeStream, DescribeStreamSummary, ListShards, PutRecord,
        PutRecords, GetShardIterator, AddTagsToStream, ListTagsForStream,
        IncreaseStreamRetentionPeriod, SplitShard."""
        name = self.unique_stream_name("missing")
        shard = "shardId-000000000000"
        calls = {
            "DescribeStream": lambda: self.kinesis.describe_stream(StreamName=name),
            "DescribeStreamSummary": lambda: self.kinesis.describe_stream_summary(StreamName=name),
            "ListShards": lambda: self.kinesis.list_shards(StreamName=name),
            "PutRecord": lambda: self.kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k"),
            "PutRecords": lambda: self.kinesis.put_records(StreamName=name, Records=[{"Data": b"x", "PartitionKey": "k"}]),
            "GetShardIterator": lambda: self.kinesis.get_shard_iterator(
                StreamName=name, ShardId=shard, ShardIteratorType="TRIM_HORIZON"),
            "AddTagsToStream": lambda: self.kinesis.add_tags_to_stream(StreamName=name, Tags={"k": "v"}),
            "ListTagsForStream": lambda: self.kinesis.list_tags_for_stream(StreamName=name),
            "IncreaseStreamRetentionPeriod": lambda: self.kinesis.increase_stream_retention_period(
                StreamName=name, RetentionPeriodHours=48),
            "SplitShard": lambda: self.kinesis.split_shard(StreamName=name, ShardToSplit=shard,
                                                           NewStartingHashKey="1000"),
        }
        for operation, call in calls.items():
            with self.subTest(operation=operation):
                with self.assertKinesisError("ResourceNotFoundException") as caught:
                    call()
                self.assertIn(name, caught.error.response["Error"]["Message"])

    def test_missing_shard_is_resource_not_found(self):
        """GetShardIterator of a shard the stream does not have -> ResourceNotFoundException."""
        name = self.create_stream("noshard")
        with self.assertKinesisError("ResourceNotFoundException"):
            self.iterator(name, "shardId-000000000009")

    def test_error_reply_on_the_wire(self):
        """The error reply itself: HTTP 400 and a JSON body whose __type is the shape
        ResourceNotFoundException (optionally namespaced with `#`) and whose `message` is a
        string."""
        status, _headers, text = kinesis_request("DescribeStreamSummary",
                                                 {"StreamName": self.unique_stream_name("wire")})
        self.assertEqual(status, 400, text)
        body = json.loads(text)
        self.assertEqual(body["__type"].split("#")[-1], "ResourceNotFoundException")
        message = body.get("message", body.get("Message"))
        self.assertIsInstance(message, str)
        self.assertTrue(message)

    def test_success_reply_on_the_wire(self):
        """A success reply is HTTP 200 with a JSON object body and an x-amzn-RequestId header."""
        name = self.create_stream("wireok")
        status, headers, text = kinesis_request("DescribeStreamSummary", {"StreamName": name})
        self.assertEqual(status, 200, text)
        self.assertEqual(json.loads(text)["StreamDescriptionSummary"]["StreamName"], name)
        self.assertTrue(header(headers, "x-amzn-RequestId"), "no x-amzn-RequestId header")


class TagTests(KinesisTestCase):

    def test_add_list_and_remove_tags_for_stream(self):
        """AddTagsToStream adds and overwrites tags (values of Unicode letters and spaces); ListTagsForStream lists them as Key/Value with
        HasMoreTags false; RemoveTagsFromStream removes the named keys."""
        name = self.create_stream("tags")
        self.kinesis.add_tags_to_stream(StreamName=name, Tags={"team": "blue", "env": "test", "note": "café au lait"})
        self.kinesis.add_tags_to_stream(StreamName=name, Tags={"env": "prod"})
        listing = self.kinesis.list_tags_for_stream(StreamName=name)
        self.assertEqual(tags_of(listing), {"team": "blue", "env": "prod", "note": "café au lait"})
        self.assertFalse(listing["HasMoreTags"])
        self.kinesis.remove_tags_from_stream(StreamName=name, TagKeys=["team", "note"])
        self.assertEqual(tags_of(self.kinesis.list_tags_for_stream(StreamName=name)), {"env": "prod"})

    def test_list_tags_for_stream_pages(self):
        """ListTagsForStream Limit=2 with ExclusiveStartTagKey pages through five tags: at most two
        per page, HasMoreTags true until the last, every tag once."""
        name = self.create_stream("tpage")
        tags = {"k{}".format(i): "v{}".format(i) for i in range(5)}
        self.kinesis.add_tags_to_stream(StreamName=name, Tags=tags)
        found, request = [], {"StreamName": name, "Limit": 2}
        for _ in range(5):
            page = self.kinesis.list_tags_for_stream(**request)
            self.assertLessEqual(len(page["Tags"]), 2)
            found += page["Tags"]
            if not page["HasMoreTags"]:
                break
            request["ExclusiveStartTagKey"] = page["Tags"][-1]["Key"]
        self.assertFalse(page["HasMoreTags"])
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in found), sorted(tags.items()))

    # kinesalite 3.3.3 deviates: no TagResource, UntagResource or ListTagsForResource.
    def test_tag_resource_api(self):
        """TagResource / ListTagsForResource / UntagResource with the stream ARN; the tags are the
        same ones AddTagsToStream and ListTagsForStream see."""
        if not self.has_operation("TagResource"):
            self.skipTest("this botocore's Kinesis model has no TagResource")
        name = self.create_stream("tagres")
        arn = stream_arn_for(name)
        self.kinesis.tag_resource(ResourceARN=arn, Tags={"a": "1", "b": "2"})
        self.kinesis.add_tags_to_stream(StreamName=name, Tags={"c": "3"})
        self.assertEqual(tags_of(self.kinesis.list_tags_for_resource(ResourceARN=arn)), {"a": "1", "b": "2", "c": "3"})
        self.kinesis.untag_resource(ResourceARN=arn, TagKeys=["a", "c"])
        self.assertEqual(tags_of(self.kinesis.list_tags_for_stream(StreamName=name)), {"b": "2"})
        self.assertEqual(tags_of(self.kinesis.list_tags_for_resource(ResourceARN=arn)), {"b": "2"})


class RetentionTests(KinesisTestCase):

    def retention(self, name):
        return self.summary(name)["RetentionPeriodHours"]

    # kinesalite 3.3.3 deviates: its maximum is 168 h (AWS's old limit), not 8760 h.
    def test_increase_and_decrease_retention(self):
        """IncreaseStreamRetentionPeriod 24 -> 48 and up to the maximum 8760;
        DecreaseStreamRetentionPeriod back down to the minimum 24; each is reported."""
        name = self.create_stream("retention")
        for operation, hours in (("increase", 48), ("increase", 8760), ("decrease", 72), ("decrease", 24)):
            getattr(self.kinesis, operation + "_stream_retention_period")(StreamName=name, RetentionPeriodHours=hours)
            self.wait_for_active(name)
            self.assertEqual(self.retention(name), hours, "after {} to {}".format(operation, hours))
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual(description["RetentionPeriodHours"], 24)

    # kinesalite 3.3.3 deviates: over 168 h is a ValidationException (its old maximum).
    def test_invalid_retention_changes(self):
        """On a stream with 48 h retention -> InvalidArgumentException: an increase to 36 h
        (shorter), a decrease to 72 h (longer), an increase to 8761 h (over the maximum), a
        decrease to 23 h (under the minimum). The retention stays 48 h."""
        name = self.create_stream("badret")
        self.kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=48)
        self.wait_for_active(name)
        cases = (("increase", 36), ("decrease", 72), ("increase", 8761), ("decrease", 23))
        for operation, hours in cases:
            with self.subTest(operation=operation, hours=hours):
                with self.assertKinesisError("InvalidArgumentException"):
                    getattr(self.unchecked_kinesis, operation + "_stream_retention_period")(
                        StreamName=name, RetentionPeriodHours=hours)
        self.assertEqual(self.retention(name), 48)


class EncryptionTests(KinesisTestCase):

    # kinesalite 3.3.3 deviates: no StartStreamEncryption or StopStreamEncryption, and PutRecord
    # and GetRecords report no EncryptionType.
    def test_start_and_stop_stream_encryption(self):
        """StartStreamEncryption KMS with the key alias/aws/kinesis: once ACTIVE again the stream
        reports EncryptionType KMS and the KeyId, and PutRecord and GetRecords report KMS;
        StopStreamEncryption: EncryptionType NONE, no KeyId, PutRecord reports NONE."""
        name = self.create_stream("kms")
        key = "alias/aws/kinesis"
        self.assertEqual(self.put(name, b"plain")["EncryptionType"], "NONE")
        self.kinesis.start_stream_encryption(StreamName=name, EncryptionType="KMS", KeyId=key)
        self.wait_for_active(name)
        summary = self.summary(name)
        self.assertEqual((summary["EncryptionType"], summary["KeyId"]), ("KMS", key))
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual((description["EncryptionType"], description["KeyId"]), ("KMS", key))
        self.assertEqual(self.put(name, b"secret")["EncryptionType"], "KMS")
        records = self.read_shard(name, "shardId-000000000000", 2)
        self.assertEqual([(r["Data"], r.get("EncryptionType", "NONE")) for r in records],
                         [(b"plain", "NONE"), (b"secret", "KMS")])
        self.kinesis.stop_stream_encryption(StreamName=name, EncryptionType="KMS", KeyId=key)
        self.wait_for_active(name)
        summary = self.summary(name)
        self.assertEqual(summary["EncryptionType"], "NONE")
        self.assertNotIn("KeyId", summary)
        self.assertEqual(self.put(name, b"plain again")["EncryptionType"], "NONE")


class StreamModeTests(KinesisTestCase):

    # kinesalite 3.3.3 deviates: no UpdateStreamMode.
    def test_update_stream_mode_to_on_demand(self):
        """UpdateStreamMode (by StreamARN) PROVISIONED -> ON_DEMAND: once ACTIVE again the stream
        reports ON_DEMAND and still takes records."""
        name = self.create_stream("mode")
        self.kinesis.update_stream_mode(StreamARN=stream_arn_for(name), StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.wait_for_active(name)
        self.assertEqual(self.summary(name)["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertRegex(self.put(name, b"after the switch")["SequenceNumber"], SEQUENCE_RE)


class LimitsTests(KinesisTestCase):

    # kinesalite 3.3.3 deviates: no DescribeLimits.
    def test_describe_limits(self):
        """DescribeLimits: ShardLimit at least 1, OpenShardCount counting at least this test's 2
        shards, OnDemandStreamCount at least 0 and OnDemandStreamCountLimit at least 1."""
        self.create_stream("limits", shards=2)
        limits = self.kinesis.describe_limits()
        self.assertGreaterEqual(limits["ShardLimit"], 1)
        self.assertGreaterEqual(limits["OpenShardCount"], 2)
        self.assertGreaterEqual(limits["OnDemandStreamCount"], 0)
        self.assertGreaterEqual(limits["OnDemandStreamCountLimit"], 1)
