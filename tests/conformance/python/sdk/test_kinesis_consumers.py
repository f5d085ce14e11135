"""Kinesis enhanced fan-out: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
DeregisterStreamConsumer, and SubscribeToShard through botocore's event stream (the
initial-response event, which botocore requires first, then SubscribeToShardEvent events with
Records, ContinuationSequenceNumber and MillisBehindLatest); a second subscription of the same
consumer and shard is ResourceInUseException.

Written to the AWS Kinesis API reference (aws-wire.md §7 for the event stream). kinesalite 3.3.3
has none of these operations (UnknownOperationException), so every test here fails against it;
they are for Shoal.
"""

import contextlib
import re
import time

from support.clients import kinesis_client
from support.kinesis import POLL_SECONDS, SEQUENCE_RE, STREAM_SECONDS, KinesisTestCase, stream_arn_for
from support.settings import ACCOUNT_ID, REGION

SHARD0 = "shardId-000000000000"
# How long a test reads a subscription for the events it expects.
SUBSCRIPTION_SECONDS = 20.0


def consumer_arn_re(stream, consumer):
    """arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<consumer>:<creation epoch>."""
    prefix = "arn:aws:kinesis:{}:{}:stream/{}/consumer/{}".format(REGION, ACCOUNT_ID, stream, consumer)
    return r"^{}:\d+$".format(re.escape(prefix))


class ConsumerTestCase(KinesisTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A subscription that sends nothing must not hold a test for the default 60 s.
        cls.subscriber = kinesis_client(read_timeout=SUBSCRIPTION_SECONDS)

    def unique_consumer_name(self, label="c"):
        return self.unique_stream_name(label).replace("conf-kin-", "conf-kin-consumer-")

    def register(self, stream, label="c", wait=True):
        """Register a consumer of the stream (deregistered when the test ends); waits until it is
        ACTIVE unless told not to. Returns the Consumer of the RegisterStreamConsumer reply."""
        consumer = self.kinesis.register_stream_consumer(
            StreamARN=stream_arn_for(stream), ConsumerName=self.unique_consumer_name(label))["Consumer"]
        self.addCleanup(self.deregister_quietly, consumer["ConsumerARN"])
        if wait:
            self.wait_for_consumer(consumer["ConsumerARN"])
        return consumer

    def deregister_quietly(self, consumer_arn):
        with contextlib.suppress(Exception):
            self.kinesis.deregister_stream_consumer(ConsumerARN=consumer_arn)

    def describe_consumer(self, consumer_arn):
        return self.kinesis.describe_stream_consumer(ConsumerARN=consumer_arn)["ConsumerDescription"]

    def wait_for_consumer(self, consumer_arn, timeout=STREAM_SECONDS):
        """Poll DescribeStreamConsumer until the consumer is ACTIVE; returns the statuses seen."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            status = self.describe_consumer(consumer_arn)["ConsumerStatus"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "ACTIVE":
                return seen
            if time.monotonic() >= deadline:
                self.fail("consumer not ACTIVE after {:.0f} s: statuses {}".format(timeout, seen))
            time.sleep(POLL_SECONDS)

    def subscribe(self, consumer_arn, shard_id=SHARD0, position=None):
        """SubscribeToShard; returns the EventStream (botocore has read the initial-response event
        by then: without it the call fails with 'First event was not of type
        initial-response'). The stream is closed when the test ends."""
        reply = self.subscriber.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId=shard_id,
                                                   StartingPosition=position or {"Type": "TRIM_HORIZON"})
        events = reply["EventStream"]
        self.addCleanup(events.close)
        return events

    def read_events(self, events, count):
        """SubscribeToShardEvent payloads until they carried `count` records in all (or the
        subscription ended, or SUBSCRIPTION_SECONDS passed). Returns (records, events)."""
        records, payloads = [], []
        deadline = time.monotonic() + SUBSCRIPTION_SECONDS
        for event in events:
            self.assertEqual(list(event), ["SubscribeToShardEvent"], "an event other than SubscribeToShardEvent")
            payload = event["SubscribeToShardEvent"]
            payloads.append(payload)
            records += payload["Records"]
            if len(records) >= count or time.monotonic() >= deadline:
                break
        return records, payloads


class ConsumerRegistrationTests(ConsumerTestCase):

    def test_register_describe_list_and_deregister(self):
        """RegisterStreamConsumer returns the consumer CREATING with its ARN
        (<stream ARN>/consumer/<name>:<epoch seconds>) and creation time; it becomes ACTIVE;
        DescribeStreamConsumer by ARN or by stream ARN and name describes it with its StreamARN;
        ListStreamConsumers lists it; ConsumerCount is 1; after DeregisterStreamConsumer it is
        DELETING or gone, then DescribeStreamConsumer is ResourceNotFoundException and the list is
        empty."""
        stream = self.create_stream("consumers")
        stream_arn = stream_arn_for(stream)
        name = self.unique_consumer_name("reg")
        before = time.time()
        consumer = self.kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName=name)["Consumer"]
        self.addCleanup(self.deregister_quietly, consumer["ConsumerARN"])
        self.assertEqual(consumer["ConsumerName"], name)
        self.assertRegex(consumer["ConsumerARN"], consumer_arn_re(stream, name))
        self.assertEqual(consumer["ConsumerStatus"], "CREATING")
        self.assertRecentTimestamp(consumer["ConsumerCreationTimestamp"], before, time.time())
        self.assertEqual(self.wait_for_consumer(consumer["ConsumerARN"]), ["CREATING", "ACTIVE"])

        by_arn = self.describe_consumer(consumer["ConsumerARN"])
        by_name = self.kinesis.describe_stream_consumer(StreamARN=stream_arn, ConsumerName=name)["ConsumerDescription"]
        for description in (by_arn, by_name):
            self.assertEqual((description["ConsumerName"], description["ConsumerARN"], description["ConsumerStatus"],
                              description["StreamARN"]), (name, consumer["ConsumerARN"], "ACTIVE", stream_arn))
            self.assertEqual(description["ConsumerCreationTimestamp"], consumer["ConsumerCreationTimestamp"])
        listed = self.kinesis.list_stream_consumers(StreamARN=stream_arn)["Consumers"]
        self.assertEqual([(c["ConsumerName"], c["ConsumerARN"], c["ConsumerStatus"]) for c in listed],
                         [(name, consumer["ConsumerARN"], "ACTIVE")])
        self.assertEqual(self.summary(stream)["ConsumerCount"], 1)

        self.kinesis.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
        deadline = time.monotonic() + STREAM_SECONDS
        while True:
            try:
                self.assertEqual(self.describe_consumer(consumer["ConsumerARN"])["ConsumerStatus"], "DELETING")
            except self.kinesis.exceptions.ResourceNotFoundException:
                break
            self.assertLess(time.monotonic(), deadline, "consumer still there after DeregisterStreamConsumer")
            time.sleep(POLL_SECONDS)
        self.assertEqual(self.kinesis.list_stream_consumers(StreamARN=stream_arn).get("Consumers", []), [])

    def test_deregister_by_stream_arn_and_consumer_name(self):
        """DeregisterStreamConsumer with StreamARN and ConsumerName removes the consumer."""
        stream = self.create_stream("dereg")
        consumer = self.register(stream)
        self.kinesis.deregister_stream_consumer(StreamARN=stream_arn_for(stream), ConsumerName=consumer["ConsumerName"])
        deadline = time.monotonic() + STREAM_SECONDS
        while self.kinesis.list_stream_consumers(StreamARN=stream_arn_for(stream)).get("Consumers"):
            self.assertLess(time.monotonic(), deadline, "consumer still listed")
            time.sleep(POLL_SECONDS)

    def test_register_the_same_name_twice_is_resource_in_use(self):
        """RegisterStreamConsumer with the name of a consumer the stream has -> ResourceInUseException."""
        stream = self.create_stream("dupcons")
        consumer = self.register(stream)
        with self.assertKinesisError("ResourceInUseException"):
            self.kinesis.register_stream_consumer(StreamARN=stream_arn_for(stream), ConsumerName=consumer["ConsumerName"])

    def test_list_stream_consumers_pages(self):
        """ListStreamConsumers MaxResults=1 of a stream with two consumers: one per page, the next
        asked for with NextToken (and the StreamARN), both listed once."""
        stream = self.create_stream("lcons")
        names = sorted(self.register(stream, "l{}".format(i), wait=False)["ConsumerName"] for i in range(2))
        stream_arn = stream_arn_for(stream)
        page = self.kinesis.list_stream_consumers(StreamARN=stream_arn, MaxResults=1)
        pages = [page]
        while page.get("NextToken") and len(pages) < 4:
            page = self.kinesis.list_stream_consumers(StreamARN=stream_arn, MaxResults=1, NextToken=page["NextToken"])
            pages.append(page)
        self.assertLessEqual(max(len(p.get("Consumers", [])) for p in pages), 1)
        self.assertEqual(sorted(c["ConsumerName"] for p in pages for c in p.get("Consumers", [])), names)

    def test_missing_stream_or_consumer_is_resource_not_found(self):
        """RegisterStreamConsumer on a stream that does not exist, and DescribeStreamConsumer and
        SubscribeToShard of a consumer that does not exist -> ResourceNotFoundException."""
        missing_stream = stream_arn_for(self.unique_stream_name("nostream"))
        with self.subTest("RegisterStreamConsumer"):
            with self.assertKinesisError("ResourceNotFoundException"):
                self.kinesis.register_stream_consumer(StreamARN=missing_stream, ConsumerName="conf-kin-c")
        stream = self.create_stream("nocons")
        missing_consumer = "{}/consumer/{}:1700000000".format(stream_arn_for(stream), self.unique_consumer_name())
        with self.subTest("DescribeStreamConsumer"):
            with self.assertKinesisError("ResourceNotFoundException"):
                self.describe_consumer(missing_consumer)
        with self.subTest("SubscribeToShard"):
            with self.assertKinesisError("ResourceNotFoundException"):
                self.subscribe(missing_consumer)


class SubscribeToShardTests(ConsumerTestCase):

    def test_subscribe_from_trim_horizon(self):
        """SubscribeToShard TRIM_HORIZON of a shard with three records: after the initial response,
        SubscribeToShardEvent events carry the records (SequenceNumber, Data, PartitionKey,
        ApproximateArrivalTimestamp) in order, a ContinuationSequenceNumber not below the last
        record's, and MillisBehindLatest."""
        stream = self.create_stream("efo")
        written = [(self.put(stream, data, "pk")["SequenceNumber"], data) for data in (b"one", b"\x00\xff two", b"three")]
        consumer = self.register(stream)
        records, payloads = self.read_events(self.subscribe(consumer["ConsumerARN"]), 3)
        self.assertEqual([(r["SequenceNumber"], r["Data"]) for r in records], written)
        for record in records:
            self.assertEqual(record["PartitionKey"], "pk")
            self.assertIn("ApproximateArrivalTimestamp", record)
        for payload in payloads:
            self.assertRegex(payload["ContinuationSequenceNumber"], SEQUENCE_RE)
            self.assertIsInstance(payload["MillisBehindLatest"], int)
            self.assertGreaterEqual(payload["MillisBehindLatest"], 0)
        self.assertGreaterEqual(int(payloads[-1]["ContinuationSequenceNumber"]), int(written[-1][0]))

    def test_subscribe_from_latest_gets_new_records(self):
        """SubscribeToShard LATEST: a record written after the subscription started arrives in a
        SubscribeToShardEvent; the records written before do not."""
        stream = self.create_stream("efolatest")
        self.put(stream, b"old")
        consumer = self.register(stream)
        events = self.subscribe(consumer["ConsumerARN"], position={"Type": "LATEST"})
        self.put(stream, b"new")
        records, _ = self.read_events(events, 1)
        self.assertEqual([r["Data"] for r in records], [b"new"])

    def test_subscribe_at_sequence_number(self):
        """SubscribeToShard AT_SEQUENCE_NUMBER of the second of three records starts with it;
        AFTER_SEQUENCE_NUMBER of it starts with the third (each through its own consumer)."""
        stream = self.create_stream("efoseq")
        numbers = [self.put(stream, data)["SequenceNumber"] for data in (b"r1", b"r2", b"r3")]
        cases = {"AT_SEQUENCE_NUMBER": [b"r2", b"r3"], "AFTER_SEQUENCE_NUMBER": [b"r3"]}
        for position, expected in cases.items():
            with self.subTest(position):
                consumer = self.register(stream, position.split("_")[0].lower())
                events = self.subscribe(consumer["ConsumerARN"],
                                        position={"Type": position, "SequenceNumber": numbers[1]})
                records, _ = self.read_events(events, len(expected))
                self.assertEqual([r["Data"] for r in records], expected)

    def test_second_subscription_of_the_same_consumer_and_shard_is_resource_in_use(self):
        """While a subscription of a consumer to a shard is open, another SubscribeToShard of the
        same consumer and shard (a second later, within the one call per second allowed) ->
        400 ResourceInUseException."""
        stream = self.create_stream("efotwice")
        self.put(stream, b"x")
        consumer = self.register(stream)
        first = self.subscribe(consumer["ConsumerARN"])
        records, _ = self.read_events(first, 1)
        self.assertEqual(len(records), 1)
        with self.assertKinesisError("ResourceInUseException"):
            self.subscribe(consumer["ConsumerARN"])

    def test_two_consumers_each_get_every_record(self):
        """Two consumers of one stream subscribed at the same time each receive every record."""
        stream = self.create_stream("efotwo")
        written = [self.put(stream, data)["SequenceNumber"] for data in (b"a", b"b")]
        subscriptions = [self.subscribe(self.register(stream, "c{}".format(i))["ConsumerARN"]) for i in range(2)]
        for events in subscriptions:
            records, _ = self.read_events(events, 2)
            self.assertEqual([r["SequenceNumber"] for r in records], written)
