// Dead-letter queues and message move tasks through @aws-sdk/client-sqs (JSON 1.0).
// The SDK verifies MD5OfBody on receive; the tests also compare the attribute MD5.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CancelMessageMoveTaskCommand, CreateQueueCommand, ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand, ResourceNotFoundException, SetQueueAttributesCommand,
  StartMessageMoveTaskCommand, UnsupportedOperation,
} from "@aws-sdk/client-sqs";
import { ACCOUNT_ID, REGION, createQueue, queueAttributes, receive, send, sqs, uniqueName } from "../lib/sqs.mjs";
import { assertCounts, assertSqsError, eventually } from "../lib/assertions.mjs";
import { md5OfAttributes, md5OfBody } from "../lib/md5.mjs";

// Hand-offs and tasks run in the background: generous, so a loaded machine passes.
const TASK_MS = 30000;

const redrive = (arn, maxReceiveCount) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount });
const arnOf = (name) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;
const queueArn = async (url) => (await queueAttributes(url, "QueueArn")).QueueArn;
const visible = async (url) => Number((await queueAttributes(url, "ApproximateNumberOfMessages")).ApproximateNumberOfMessages);

// A dead-letter queue and a source queue whose RedrivePolicy names it.
async function createPair(t, label, maxReceiveCount = 1) {
  const dlq = await createQueue(t, `${label}-dlq`);
  const source = await createQueue(t, `${label}-src`, { attributes: { RedrivePolicy: redrive(await queueArn(dlq), maxReceiveCount) } });
  return { source, dlq, dlqArn: await queueArn(dlq), sourceArn: await queueArn(source) };
}

// Receives the source (visibility 0) until `count` messages are visible in the DLQ.
async function deadLetter({ source, dlq }, count) {
  await eventually(async () => {
    await receive(source, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
    assert.equal(await visible(dlq), count, "messages in the dead-letter queue");
  }, TASK_MS);
}

async function latestTask(dlqArn) {
  const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
  assert.equal(Results.length, 1);
  return Results[0];
}

test("Dead letter: moved after maxReceiveCount, keeping MessageId, body, attributes and MD5s, naming its source", async (t) => {
  const pair = await createPair(t, "move", 2);
  const attributes = { s: { DataType: "String", StringValue: "v é" }, n: { DataType: "Number", StringValue: "7" } };
  const sent = await send(pair.source, "poison ✓", { MessageAttributes: attributes });
  for (const count of ["1", "2"]) {
    const [message] = await receive(pair.source, { VisibilityTimeout: 0, MessageSystemAttributeNames: ["ApproximateReceiveCount"] });
    assert.equal(message.Attributes.ApproximateReceiveCount, count);
  }
  assert.deepEqual(await receive(pair.source, { VisibilityTimeout: 0 }), [], "delivered past maxReceiveCount");
  const [dead] = await receive(pair.dlq, { WaitTimeSeconds: 10, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] });
  assert.ok(dead, "nothing arrived in the dead-letter queue");
  assert.equal(dead.MessageId, sent.MessageId);
  assert.equal(dead.Body, "poison ✓");
  assert.equal(dead.MD5OfBody, md5OfBody("poison ✓"));
  assert.equal(dead.MD5OfMessageAttributes, md5OfAttributes(attributes));
  assert.equal(dead.Attributes.DeadLetterQueueSourceArn, pair.sourceArn);
  await assertCounts(pair.source, 0, 0, 0);
});

test("RedrivePolicy: a missing target, or a target whose RedriveAllowPolicy is denyAll -> InvalidParameterValue", async (t) => {
  const missing = arnOf(uniqueName("nodlq"));
  const error = await assertSqsError(sqs.send(new CreateQueueCommand({
    QueueName: uniqueName("nodlq-src"), Attributes: { RedrivePolicy: redrive(missing, 3) },
  })), "InvalidParameterValue");
  assert.match(error.message, /Dead letter target does not exist/);
  const denying = await createQueue(t, "deny", { attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }) } });
  const source = await createQueue(t, "deny-src");
  await assertSqsError(sqs.send(new SetQueueAttributesCommand({
    QueueUrl: source, Attributes: { RedrivePolicy: redrive(await queueArn(denying), 3) },
  })), "InvalidParameterValue");
});

test("ListDeadLetterSourceQueues: lists the sources and drops one whose RedrivePolicy is cleared", async (t) => {
  const pair = await createPair(t, "list");
  const other = await createQueue(t, "list-src2", { attributes: { RedrivePolicy: redrive(pair.dlqArn, 3) } });
  const { queueUrls } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: pair.dlq }));
  assert.deepEqual([...queueUrls].sort(), [pair.source, other].sort());
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: other, Attributes: { RedrivePolicy: "" } }));
  await eventually(async () => {
    const after = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: pair.dlq, MaxResults: 10 }));
    assert.deepEqual(after.queueUrls ?? [], [pair.source]);
  });
});

test("StartMessageMoveTask: dead letters go back to their source; the task completes with its counters", async (t) => {
  const pair = await createPair(t, "back");
  for (const body of ["m0", "m1", "m2"]) await send(pair.source, body);
  await deadLetter(pair, 3);
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: pair.dlqArn }));
  assert.ok(TaskHandle);
  const task = await eventually(async () => {
    const latest = await latestTask(pair.dlqArn);
    assert.equal(latest.Status, "COMPLETED");
    return latest;
  }, TASK_MS);
  assert.equal(task.ApproximateNumberOfMessagesMoved, 3);
  assert.equal(task.ApproximateNumberOfMessagesToMove, 3);
  assert.equal(task.SourceArn, pair.dlqArn);
  assert.equal(task.TaskHandle, undefined, "only a running task shows its handle");
  const back = await receive(pair.source, { MaxNumberOfMessages: 10, WaitTimeSeconds: 2 });
  assert.deepEqual(back.map((m) => m.Body).sort(), ["m0", "m1", "m2"]);
  assert.equal(await visible(pair.dlq), 0);
});

test("Move tasks: RUNNING with its handle, a second one -> UnsupportedOperation, cancel -> CANCELLED, again -> ResourceNotFoundException", async (t) => {
  const pair = await createPair(t, "cancel");
  for (let i = 0; i < 10; i++) await send(pair.source, `m${i}`);
  await deadLetter(pair, 10);
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: pair.dlqArn, MaxNumberOfMessagesPerSecond: 1 }));
  const running = await latestTask(pair.dlqArn);
  assert.equal(running.Status, "RUNNING");
  assert.equal(running.TaskHandle, TaskHandle);
  assert.equal(running.MaxNumberOfMessagesPerSecond, 1);
  const second = await assertSqsError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: pair.dlqArn })), "UnsupportedOperation");
  assert.ok(second instanceof UnsupportedOperation, `typed exception, got ${second.name}`);
  const { ApproximateNumberOfMessagesMoved } = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
  assert.ok(ApproximateNumberOfMessagesMoved >= 0 && ApproximateNumberOfMessagesMoved < 10, String(ApproximateNumberOfMessagesMoved));
  assert.equal((await latestTask(pair.dlqArn)).Status, "CANCELLED");
  const again = await assertSqsError(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), "ResourceNotFoundException");
  assert.ok(again instanceof ResourceNotFoundException, `typed exception, got ${again.name}`);
});

test("StartMessageMoveTask: a queue that is no DLQ -> InvalidParameterValue, a missing one -> ResourceNotFoundException", async (t) => {
  const plain = await createQueue(t, "plain");
  await assertSqsError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: await queueArn(plain) })), "InvalidParameterValue");
  const missing = await assertSqsError(
    sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(uniqueName("missing")) })), "ResourceNotFoundException");
  assert.ok(missing instanceof ResourceNotFoundException, `typed exception, got ${missing.name}`);
});
