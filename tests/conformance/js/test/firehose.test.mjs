// Firehose through @aws-sdk/client-firehose (JSON 1.1 over HTTP/1.1): Direct PUT delivery streams
// with an S3 destination (Create, Describe, List, Delete), PutRecord, PutRecordBatch with its
// per-record results and limits, and typed errors. Only the API's answers are checked.
import { after } from "node:test";
import { test } from "../lib/pending.mjs";
import assert from "node:assert/strict";
import {
  CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, ListDeliveryStreamsCommand, PutRecordBatchCommand,
  PutRecordCommand, ResourceInUseException, ResourceNotFoundException,
} from "@aws-sdk/client-firehose";
import {
  BUCKET_ARN, ROLE_ARN, assertFirehoseError, createDeliveryStream, deliveryStreamArnFor, describe, firehose,
  uniqueDeliveryStreamName, waitForActive,
} from "../lib/firehose.mjs";
import { sleep } from "../lib/sqs.mjs";

after(() => firehose.destroy());

const MAX_RECORD = 1000 * 1024; // 1,000 KiB before base64

// moto 5.2.1 deviates: a new delivery stream is ACTIVE at once.
test("CreateDeliveryStream: the ARN of the name, CREATING at once, then ACTIVE; DescribeDeliveryStream fields", async (t) => {
  const { name, arn } = await createDeliveryStream(t, "create", { wait: false, prefix: "conf/js/" });
  assert.equal(arn, deliveryStreamArnFor(name));
  assert.equal((await describe(name)).DeliveryStreamStatus, "CREATING");
  assert.deepEqual(await waitForActive(name), ["CREATING", "ACTIVE"]);
  const d = await describe(name);
  assert.equal(d.DeliveryStreamName, name);
  assert.equal(d.DeliveryStreamARN, arn);
  assert.equal(d.DeliveryStreamType, "DirectPut");
  assert.ok(d.VersionId);
  assert.ok(d.CreateTimestamp instanceof Date);
  assert.equal(d.HasMoreDestinations, false);
  assert.equal(d.Destinations.length, 1);
  assert.ok(d.Destinations[0].DestinationId);
  const s3 = d.Destinations[0].ExtendedS3DestinationDescription;
  assert.deepEqual([s3.RoleARN, s3.BucketARN, s3.Prefix, s3.CompressionFormat], [ROLE_ARN, BUCKET_ARN, "conf/js/", "UNCOMPRESSED"]);
  assert.deepEqual(s3.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 60 });
});

test("CreateDeliveryStream with a name in use -> ResourceInUseException", async (t) => {
  const { name } = await createDeliveryStream(t, "dup");
  await assertFirehoseError(firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: "DirectPut",
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
  })), "ResourceInUseException", ResourceInUseException);
});

test("ListDeliveryStreams lists a new stream; DeleteDeliveryStream removes it (then ResourceNotFoundException)", async (t) => {
  const { name } = await createDeliveryStream(t, "list");
  const listed = await firehose.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: name.slice(0, -1), Limit: 10 }));
  assert.ok(listed.DeliveryStreamNames.includes(name), JSON.stringify(listed.DeliveryStreamNames));
  assert.equal(typeof listed.HasMoreDeliveryStreams, "boolean");
  await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      assert.equal((await describe(name)).DeliveryStreamStatus, "DELETING");
    } catch (error) {
      if (error instanceof ResourceNotFoundException) break;
      throw error;
    }
    assert.ok(Date.now() < deadline, "still there after DeleteDeliveryStream");
    await sleep(250);
  }
  const after = await firehose.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: name.slice(0, -1), Limit: 10 }));
  assert.ok(!after.DeliveryStreamNames.includes(name));
});

test("PutRecord returns a RecordId and Encrypted false; PutRecordBatch of 500 gives 500 RecordIds and FailedPutCount 0", async (t) => {
  const { name } = await createDeliveryStream(t, "put");
  const reply = await firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: new Uint8Array([0, 1, 255, 10]) } }));
  assert.ok(reply.RecordId);
  assert.equal(reply.Encrypted, false);
  const Records = Array.from({ length: 500 }, (_, i) => ({ Data: Buffer.from(`record ${i}\n`) }));
  const batch = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records }));
  assert.equal(batch.FailedPutCount, 0);
  assert.equal(batch.Encrypted, false);
  assert.equal(batch.RequestResponses.length, 500);
  for (const response of batch.RequestResponses) {
    assert.ok(response.RecordId);
    assert.equal(response.ErrorCode, undefined);
  }
  assert.equal(new Set(batch.RequestResponses.map((r) => r.RecordId)).size, 500);
});

// moto 5.2.1 deviates: it checks neither the record count nor the record size.
test("PutRecordBatch of 501 records, PutRecord of 1,000 KiB + 1 -> ValidationException; 1,000 KiB is accepted", async (t) => {
  const { name } = await createDeliveryStream(t, "limits");
  const Records = Array.from({ length: 501 }, () => ({ Data: Buffer.from("x") }));
  await assertFirehoseError(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records })), "ValidationException");
  assert.ok((await firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.alloc(MAX_RECORD, 120) } }))).RecordId);
  await assertFirehoseError(firehose.send(new PutRecordCommand({
    DeliveryStreamName: name, Record: { Data: Buffer.alloc(MAX_RECORD + 1, 120) },
  })), "ValidationException");
});

test("ResourceNotFoundException (400) for a delivery stream that does not exist", async () => {
  const name = uniqueDeliveryStreamName("missing");
  await assertFirehoseError(describe(name), "ResourceNotFoundException", ResourceNotFoundException);
  await assertFirehoseError(firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from("x") } })),
    "ResourceNotFoundException", ResourceNotFoundException);
  await assertFirehoseError(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from("x") }] })),
    "ResourceNotFoundException", ResourceNotFoundException);
});
