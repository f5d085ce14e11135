// A Firehose client for the endpoint under test (JSON 1.1 over HTTP/1.1, aws-wire.md §1), per-test
// Direct PUT delivery streams with an S3 destination, a bounded wait for ACTIVE, and error checks.
// Only the API's answers are checked, not what reaches the destination.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient,
} from "@aws-sdk/client-firehose";
import { ACCOUNT_ID, ENDPOINT, REGION, sleep } from "./sqs.mjs";

// One attempt only, so that an error (or a 5xx) reaches the test unretried.
export const firehose = new FirehoseClient({
  endpoint: ENDPOINT,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

// Control-plane calls are kept within Firehose's per-account rate (5 per second, DescribeDeliveryStream
// 10), which the server under test may enforce; PutRecord(Batch) is not paced.
const lastCall = new Map();
firehose.middlewareStack.add((next, context) => async (args) => {
  const operation = context.commandName.replace(/Command$/, "");
  if (operation !== "PutRecord" && operation !== "PutRecordBatch") {
    const interval = 1150 / (operation === "DescribeDeliveryStream" ? 10 : 5);
    const now = Date.now();
    const start = Math.max(now, (lastCall.get(operation) ?? 0) + interval);
    lastCall.set(operation, start);
    if (start > now) await sleep(start - now);
  }
  return next(args);
}, { step: "initialize", name: "shoalFirehosePacing" });

export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/conf-firehose-role`;
export const BUCKET_ARN = "arn:aws:s3:::conf-firehose-bucket";
export const deliveryStreamArnFor = (name) => `arn:aws:firehose:${REGION}:${ACCOUNT_ID}:deliverystream/${name}`;
export const uniqueDeliveryStreamName = (label) => `conf-js-fh-${label}-${randomBytes(6).toString("hex")}`;

export async function describe(name) {
  return (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription;
}

// Polls DescribeDeliveryStream until ACTIVE (at most 60 s); returns the statuses seen, in order.
export async function waitForActive(name) {
  const seen = [];
  const deadline = Date.now() + 60000;
  for (;;) {
    const { DeliveryStreamStatus } = await describe(name);
    if (seen.at(-1) !== DeliveryStreamStatus) seen.push(DeliveryStreamStatus);
    if (DeliveryStreamStatus === "ACTIVE") return seen;
    assert.ok(Date.now() < deadline, `delivery stream ${name} not ACTIVE: ${seen.join(" -> ")}`);
    await sleep(250);
  }
}

// Creates a Direct PUT delivery stream with an S3 destination, deleted when the test `t` ends;
// waits until ACTIVE unless `wait` is false. Returns { name, arn }.
export async function createDeliveryStream(t, label, { wait = true, prefix = "conf/" } = {}) {
  const name = uniqueDeliveryStreamName(label);
  const { DeliveryStreamARN } = await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    DeliveryStreamType: "DirectPut",
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, Prefix: prefix,
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, CompressionFormat: "UNCOMPRESSED",
    },
  }));
  t.after(() => firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name, AllowForceDelete: true }))
    .catch(() => {}));
  if (wait) await waitForActive(name);
  return { name, arn: DeliveryStreamARN };
}

// Awaits `promise`, expecting an error named `name` (e.g. "ResourceNotFoundException") with a
// message and HTTP status 400; `ExceptionClass`, when given, must match too.
export async function assertFirehoseError(promise, name, ExceptionClass) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${name} but the request succeeded`);
  assert.equal(error.name, name, `${error.name}: ${error.message}`);
  if (ExceptionClass) assert.ok(error instanceof ExceptionClass, `not a ${ExceptionClass.name}`);
  assert.ok(error.message, "the error has no message");
  assert.equal(error.$metadata?.httpStatusCode, 400, "HTTP status");
  return error;
}
