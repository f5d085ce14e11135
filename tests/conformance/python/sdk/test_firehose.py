"""Firehose Direct PUT delivery streams with an S3 destination: CreateDeliveryStream,
DescribeDeliveryStream, ListDeliveryStreams, DeleteDeliveryStream, PutRecord and PutRecordBatch
(per-record results and their limits), and the errors. Only the API's answers are checked, not
what reaches the destination.

Written to the Amazon Data Firehose API reference. Where moto 5.2.1 deviates from it, the test
says so in a comment.
"""

import time

from support.firehose import BUCKET_ARN, ROLE_ARN, FirehoseTestCase, delivery_stream_arn_for

# The largest record Firehose takes: 1,000 KiB before base64 (PutRecord API reference).
MAX_RECORD = 1000 * 1024


class DeliveryStreamTests(FirehoseTestCase):

    # moto 5.2.1 deviates: a new delivery stream is ACTIVE at once.
    def test_create_is_creating_then_active(self):
        """CreateDeliveryStream returns the ARN arn:aws:firehose:us-east-1:<account>:deliverystream/<name>
        at once with the stream CREATING ("The initial status of the Firehose stream is CREATING");
        it then becomes ACTIVE."""
        name = self.unique_name("create")
        _, arn = self.create_delivery_stream(name=name, wait=False)
        self.assertEqual(arn, delivery_stream_arn_for(name))
        self.assertEqual(self.describe(name)["DeliveryStreamStatus"], "CREATING")
        self.assertEqual(self.wait_for_active(name), ["CREATING", "ACTIVE"])

    def test_describe_delivery_stream(self):
        """DescribeDeliveryStream: name, ARN, ACTIVE, DirectPut, a VersionId, the creation time, one
        destination with a DestinationId and the ExtendedS3DestinationDescription given (role,
        bucket, prefix, buffering hints, compression), HasMoreDestinations false."""
        before = time.time()
        name, arn = self.create_delivery_stream("describe", prefix="conf/describe/")
        description = self.describe(name)
        self.assertEqual((description["DeliveryStreamName"], description["DeliveryStreamARN"]), (name, arn))
        self.assertEqual(description["DeliveryStreamStatus"], "ACTIVE")
        self.assertEqual(description["DeliveryStreamType"], "DirectPut")
        self.assertTrue(description["VersionId"])
        self.assertGreaterEqual(description["CreateTimestamp"].timestamp(), before - 5)
        self.assertLessEqual(description["CreateTimestamp"].timestamp(), time.time() + 5)
        self.assertFalse(description["HasMoreDestinations"])
        [destination] = description["Destinations"]
        self.assertTrue(destination["DestinationId"])
        s3 = destination["ExtendedS3DestinationDescription"]
        self.assertEqual((s3["RoleARN"], s3["BucketARN"], s3["Prefix"], s3["CompressionFormat"]),
                         (ROLE_ARN, BUCKET_ARN, "conf/describe/", "UNCOMPRESSED"))
        self.assertEqual(s3["BufferingHints"], {"SizeInMBs": 1, "IntervalInSeconds": 60})

    def test_list_delivery_streams(self):
        """ListDeliveryStreams Limit=1 from ExclusiveStartDeliveryStreamName gives the next name in
        order with HasMoreDeliveryStreams true while more follow; DeliveryStreamType DirectPut lists
        the streams, KinesisStreamAsSource does not."""
        prefix = self.unique_name("list") + "-"
        names = [self.create_delivery_stream(name=prefix + s, wait=False)[0] for s in ("a", "b")]
        for name in names:
            self.wait_for_active(name)
        first = self.firehose.list_delivery_streams(Limit=1, ExclusiveStartDeliveryStreamName=prefix)
        self.assertEqual(first["DeliveryStreamNames"], names[:1])
        self.assertTrue(first["HasMoreDeliveryStreams"])
        second = self.firehose.list_delivery_streams(Limit=1, ExclusiveStartDeliveryStreamName=names[0])
        self.assertEqual(second["DeliveryStreamNames"], names[1:])
        direct = self.firehose.list_delivery_streams(DeliveryStreamType="DirectPut",
                                                     ExclusiveStartDeliveryStreamName=prefix, Limit=2)
        self.assertEqual(direct["DeliveryStreamNames"], names)
        kinesis = self.firehose.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource",
                                                      ExclusiveStartDeliveryStreamName=prefix, Limit=10)
        self.assertFalse(set(names) & set(kinesis["DeliveryStreamNames"]))

    def test_delete_delivery_stream(self):
        """DeleteDeliveryStream: the stream is DELETING or gone, then DescribeDeliveryStream is
        ResourceNotFoundException and ListDeliveryStreams no longer lists it."""
        name, _ = self.create_delivery_stream("delete")
        self.firehose.delete_delivery_stream(DeliveryStreamName=name)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.assertEqual(self.describe(name)["DeliveryStreamStatus"], "DELETING")
            except self.firehose.exceptions.ResourceNotFoundException:
                break
            self.assertLess(time.monotonic(), deadline, "still there after DeleteDeliveryStream")
            time.sleep(0.25)
        listed = self.firehose.list_delivery_streams(ExclusiveStartDeliveryStreamName=name[:-1], Limit=10)
        self.assertNotIn(name, listed["DeliveryStreamNames"])

    def test_duplicate_name_is_resource_in_use(self):
        """CreateDeliveryStream with the name of an existing stream -> ResourceInUseException."""
        name, _ = self.create_delivery_stream("dup")
        with self.assertFirehoseError("ResourceInUseException"):
            self.create_delivery_stream(name=name, wait=False)

    # moto 5.2.1 deviates: any name is accepted.
    def test_invalid_names_are_validation_errors(self):
        """CreateDeliveryStream with a name with a space or of 65 characters -> ValidationException
        (the model's 1-64 of [a-zA-Z0-9_.-])."""
        for name in ("conf-fh bad name", "conf-fh-" + "x" * 57):
            with self.subTest(name=name):
                with self.assertFirehoseError("ValidationException"):
                    self.unchecked_firehose.create_delivery_stream(
                        DeliveryStreamName=name, DeliveryStreamType="DirectPut",
                        ExtendedS3DestinationConfiguration={"RoleARN": ROLE_ARN, "BucketARN": BUCKET_ARN})
                    self.addCleanup(self.delete_quietly, name)

    def test_missing_delivery_stream_is_resource_not_found(self):
        """DescribeDeliveryStream, PutRecord, PutRecordBatch and DeleteDeliveryStream of a delivery
        stream that does not exist -> ResourceNotFoundException."""
        name = self.unique_name("missing")
        calls = {
            "DescribeDeliveryStream": lambda: self.describe(name),
            "PutRecord": lambda: self.firehose.put_record(DeliveryStreamName=name, Record={"Data": b"x"}),
            "PutRecordBatch": lambda: self.firehose.put_record_batch(DeliveryStreamName=name, Records=[{"Data": b"x"}]),
            "DeleteDeliveryStream": lambda: self.firehose.delete_delivery_stream(DeliveryStreamName=name),
        }
        for operation, call in calls.items():
            with self.subTest(operation=operation):
                with self.assertFirehoseError("ResourceNotFoundException"):
                    call()


class PutRecordTests(FirehoseTestCase):

    def test_put_record(self):
        """PutRecord of text and of binary data each returns a RecordId (distinct) and Encrypted
        false."""
        name, _ = self.create_delivery_stream("put")
        ids = []
        for data in (b"hello firehose\n", bytes(range(256))):
            reply = self.firehose.put_record(DeliveryStreamName=name, Record={"Data": data})
            self.assertTrue(reply["RecordId"])
            self.assertIs(reply["Encrypted"], False)
            ids.append(reply["RecordId"])
        self.assertEqual(len(set(ids)), 2)

    # moto 5.2.1 deviates: no size check on the record.
    def test_record_size_limit(self):
        """A record of 1,000 KiB (before base64) is accepted; one byte more -> ValidationException
        (the model's limit), for PutRecord and inside PutRecordBatch."""
        name, _ = self.create_delivery_stream("size")
        self.assertTrue(self.firehose.put_record(DeliveryStreamName=name, Record={"Data": b"x" * MAX_RECORD})["RecordId"])
        with self.subTest("PutRecord"):
            with self.assertFirehoseError("ValidationException"):
                self.unchecked_firehose.put_record(DeliveryStreamName=name, Record={"Data": b"x" * (MAX_RECORD + 1)})
        with self.subTest("PutRecordBatch"):
            with self.assertFirehoseError("ValidationException"):
                self.unchecked_firehose.put_record_batch(
                    DeliveryStreamName=name, Records=[{"Data": b"ok"}, {"Data": b"x" * (MAX_RECORD + 1)}])

    def test_put_record_batch_of_500(self):
        """PutRecordBatch of 500 records: FailedPutCount 0, Encrypted false, and 500
        RequestResponses, each a distinct RecordId without ErrorCode."""
        name, _ = self.create_delivery_stream("batch")
        reply = self.firehose.put_record_batch(
            DeliveryStreamName=name, Records=[{"Data": "record {}\n".format(i).encode()} for i in range(500)])
        self.assertEqual(reply["FailedPutCount"], 0)
        self.assertIs(reply["Encrypted"], False)
        responses = reply["RequestResponses"]
        self.assertEqual(len(responses), 500)
        for response in responses:
            self.assertTrue(response.get("RecordId"))
            self.assertNotIn("ErrorCode", response)
        self.assertEqual(len({r["RecordId"] for r in responses}), 500)

    # moto 5.2.1 deviates: any number of records is accepted.
    def test_put_record_batch_limits(self):
        """PutRecordBatch of 501 records or of none -> ValidationException (the model's 1-500)."""
        name, _ = self.create_delivery_stream("batchbad")
        for label, records in (("501 records", [{"Data": b"x"}] * 501), ("no records", [])):
            with self.subTest(label):
                with self.assertFirehoseError("ValidationException"):
                    self.unchecked_firehose.put_record_batch(DeliveryStreamName=name, Records=records)

    # moto 5.2.1 deviates: no limit on the request's size.
    def test_put_record_batch_over_4_mib_is_refused(self):
        """PutRecordBatch of five 1,000 KiB records (over the 4 MiB per request) is refused: the API
        reference gives the limit, not the code, so InvalidArgumentException or
        ValidationException."""
        name, _ = self.create_delivery_stream("batchbig")
        with self.assertFirehoseError("InvalidArgumentException", "ValidationException"):
            self.firehose.put_record_batch(DeliveryStreamName=name, Records=[{"Data": b"x" * MAX_RECORD}] * 5)
