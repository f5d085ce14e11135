// FIFO queues through @aws-sdk/client-sqs (JSON 1.0): names and attributes, MessageGroupId,
// order per group, deduplication, SequenceNumber, ReceiveRequestAttemptId, batches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand,
  SendMessageBatchCommand, SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { ACCOUNT_ID, createFifoQueue, createQueue, queueAttributes, receive, send, sleep, sqs, uniqueName } from "../lib/sqs.mjs";
import { assertCounts, assertSqsError } from "../lib/assertions.mjs";

const freshId = () => randomBytes(8).toString("hex");

// SendMessage with a group and a fresh deduplication id unless one is given (null: none).
const sendFifo = (url, body, { group = "g1", dedup = freshId(), ...extra } = {}) =>
  send(url, body, { MessageGroupId: group, ...(dedup === null ? {} : { MessageDeduplicationId: dedup }), ...extra });

const bodies = (messages) => messages.map((m) => m.Body);

// Receives and deletes until `count` messages came; returns them in the order received.
async function drain(url, count, max = 10) {
  const received = [];
  const deadline = Date.now() + 5000;
  while (received.length < count && Date.now() < deadline) {
    const batch = await receive(url, { MaxNumberOfMessages: max, WaitTimeSeconds: 1, VisibilityTimeout: 30, AttributeNames: ["All"] });
    for (const m of batch) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    received.push(...batch);
  }
  return received;
}

const assertNothingReceivable = async (url) =>
  assert.deepEqual(bodies(await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })), []);

test("CreateQueue FIFO: .fifo with FifoQueue=true reports FifoQueue and the FIFO defaults", async (t) => {
  const name = `${uniqueName("create")}.fifo`;
  const url = await createQueue(t, "create", { name, attributes: { FifoQueue: "true" } });
  assert.ok(url.endsWith(`/${ACCOUNT_ID}/${name}`), url);
  const attributes = await queueAttributes(url);
  assert.equal(attributes.FifoQueue, "true");
  assert.equal(attributes.ContentBasedDeduplication, "false");
  assert.equal(attributes.DeduplicationScope, "queue");
  assert.equal(attributes.FifoThroughputLimit, "perQueue");
});

test("CreateQueue FIFO: name and FifoQueue mismatch -> InvalidParameterValue", async (t) => {
  const create = (QueueName, Attributes) => sqs.send(new CreateQueueCommand({ QueueName, Attributes }))
    .then(({ QueueUrl }) => { t.after(() => sqs.send(new DeleteQueueCommand({ QueueUrl })).catch(() => {})); });
  await assertSqsError(create(`${uniqueName("nofifo")}.fifo`), "InvalidParameterValue");
  await assertSqsError(create(`${uniqueName("false")}.fifo`, { FifoQueue: "false" }), "InvalidParameterValue");
  await assertSqsError(create(uniqueName("nosuffix"), { FifoQueue: "true" }), "InvalidParameterValue");
});

test("SetQueueAttributes FIFO: DeduplicationScope and FifoThroughputLimit are read back", async (t) => {
  const url = await createFifoQueue(t, "ht");
  const values = { DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" };
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: values }));
  assert.deepEqual(await queueAttributes(url, ...Object.keys(values)), values);
});

test("SendMessage FIFO: no MessageGroupId -> MissingParameter", async (t) => {
  const url = await createFifoQueue(t, "nogroup");
  await assertSqsError(send(url, "x", { MessageDeduplicationId: "d1" }), "MissingParameter");
  await assertCounts(url, 0, 0, 0);
});

test("SendMessage FIFO: per-message DelaySeconds -> InvalidParameterValue", async (t) => {
  const url = await createFifoQueue(t, "delay");
  await assertSqsError(sendFifo(url, "x", { DelaySeconds: 5 }), "InvalidParameterValue");
  await assertCounts(url, 0, 0, 0);
});

test("SendMessage FIFO: per-message DelaySeconds=0 is accepted, the message delivered at once", async (t) => {
  const url = await createFifoQueue(t, "delay0");
  await sendFifo(url, "now", { DelaySeconds: 0 });
  assert.deepEqual(bodies(await receive(url, { WaitTimeSeconds: 2 })), ["now"]);
});

test("SendMessage FIFO: no MessageDeduplicationId without content-based deduplication -> InvalidParameterValue", async (t) => {
  const url = await createFifoQueue(t, "nodedup");
  await assertSqsError(sendFifo(url, "x", { dedup: null }), "InvalidParameterValue");
});

test("SendMessage FIFO: a repeated MessageDeduplicationId returns the original MessageId, delivered once", async (t) => {
  const url = await createFifoQueue(t, "dedup");
  const first = await sendFifo(url, "first", { dedup: "d1" });
  const again = await sendFifo(url, "second", { dedup: "d1" });
  assert.equal(again.MessageId, first.MessageId);
  assert.deepEqual(bodies(await drain(url, 1)), ["first"]);
  await assertNothingReceivable(url);
});

test("SendMessage FIFO: content-based deduplication gives the same body the same MessageId", async (t) => {
  const url = await createFifoQueue(t, "cbd", { ContentBasedDeduplication: "true" });
  const first = await sendFifo(url, "same", { dedup: null });
  const again = await sendFifo(url, "same", { dedup: null });
  const other = await sendFifo(url, "other", { dedup: null });
  assert.equal(again.MessageId, first.MessageId);
  assert.notEqual(other.MessageId, first.MessageId);
  assert.deepEqual(bodies(await drain(url, 2)), ["same", "other"]);
  await assertNothingReceivable(url);
});

test("SendMessage FIFO: DeduplicationScope=messageGroup deduplicates per group", async (t) => {
  const url = await createFifoQueue(t, "dedupgrp", { DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
  const first = await sendFifo(url, "g1 first", { group: "g1", dedup: "d1" });
  const otherGroup = await sendFifo(url, "g2 first", { group: "g2", dedup: "d1" });
  const sameGroup = await sendFifo(url, "g1 again", { group: "g1", dedup: "d1" });
  assert.notEqual(otherGroup.MessageId, first.MessageId);
  assert.equal(sameGroup.MessageId, first.MessageId);
  assert.deepEqual(bodies(await drain(url, 2)).sort(), ["g1 first", "g2 first"]);
});

// AWS: SequenceNumber "continues to increase for a particular MessageGroupId".
test("SendMessage FIFO: SequenceNumber is decimal, increasing within a group, and the same on receive", async (t) => {
  const url = await createFifoQueue(t, "seq");
  const sent = [];
  for (let i = 0; i < 6; i++) sent.push(await sendFifo(url, `m${i}`, { group: `g${i % 2}` }));
  for (const s of sent) assert.match(s.SequenceNumber, /^\d+$/);
  assert.equal(new Set(sent.map((s) => s.SequenceNumber)).size, sent.length, "unique");
  for (let i = 2; i < sent.length; i++) {
    assert.ok(BigInt(sent[i].SequenceNumber) > BigInt(sent[i - 2].SequenceNumber), "increasing within the group");
  }
  const byId = Object.fromEntries(sent.map((s) => [s.MessageId, s.SequenceNumber]));
  for (const m of await drain(url, 6)) assert.equal(m.Attributes.SequenceNumber, byId[m.MessageId]);
});

test("ReceiveMessage FIFO: a group's messages come in send order across receives", async (t) => {
  const url = await createFifoQueue(t, "order");
  const sent = ["m0", "m1", "m2", "m3", "m4", "m5"];
  for (const body of sent) await sendFifo(url, body);
  assert.deepEqual(bodies(await drain(url, sent.length, 2)), sent);
});

test("ReceiveMessage FIFO: a receive returns each group's messages together, in send order", async (t) => {
  const url = await createFifoQueue(t, "together");
  for (const body of ["a1", "b1", "a2", "b2", "a3"]) await sendFifo(url, body, { group: body[0] });
  const received = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60, AttributeNames: ["MessageGroupId"] });
  assert.ok(received.length > 0);
  const groups = received.map((m) => m.Attributes.MessageGroupId);
  const runs = groups.filter((g, i) => i === 0 || groups[i - 1] !== g);
  assert.equal(runs.length, new Set(runs).size, `a group split: ${bodies(received)}`);
  for (const [group, sent] of [["a", ["a1", "a2", "a3"]], ["b", ["b1", "b2"]]]) {
    const got = bodies(received.filter((m) => m.Attributes.MessageGroupId === group));
    assert.deepEqual(got, sent.slice(0, got.length));
  }
});

test("ReceiveMessage FIFO: a group with a message in flight is blocked, other groups flow", async (t) => {
  const url = await createFifoQueue(t, "block");
  for (const group of ["a", "b"]) for (const i of [1, 2]) await sendFifo(url, `${group}${i}`, { group });
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 60, AttributeNames: ["MessageGroupId"] });
  const blocked = first.Attributes.MessageGroupId;
  const other = blocked === "a" ? "b" : "a";
  assert.equal(first.Body, `${blocked}1`);
  const flowing = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 });
  assert.ok(flowing.length > 0, "the other group is still receivable");
  assert.deepEqual(bodies(flowing), [`${other}1`, `${other}2`].slice(0, flowing.length));
  await assertNothingReceivable(url);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
  assert.deepEqual(bodies(await receive(url, { WaitTimeSeconds: 2 })), [`${blocked}2`]);
});

test("ReceiveMessage FIFO: a message made visible again is redelivered before the next one", async (t) => {
  const url = await createFifoQueue(t, "redeliver");
  await sendFifo(url, "m1");
  await sendFifo(url, "m2");
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 60 });
  assert.equal(first.Body, "m1");
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));
  const again = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ["ApproximateReceiveCount"] });
  assert.ok(again.length > 0, "the group is receivable again");
  assert.deepEqual(bodies(again), ["m1", "m2"].slice(0, again.length));
  assert.equal(again[0].Attributes.ApproximateReceiveCount, "2");
});

test("ReceiveMessage FIFO: long poll on a blocked group returns once the group is released", async (t) => {
  const url = await createFifoQueue(t, "lpblock");
  await sendFifo(url, "m1");
  await sendFifo(url, "m2");
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 60 });
  const started = Date.now();
  const deleter = sleep(1000).then(() => sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle })));
  const messages = await receive(url, { WaitTimeSeconds: 10 });
  await deleter;
  const elapsed = Date.now() - started;
  assert.deepEqual(bodies(messages), ["m2"]);
  assert.ok(elapsed >= 900 && elapsed < 3000, `returned after ${elapsed} ms`);
});

test("DeleteMessage FIFO: a receipt handle past its visibility timeout has expired -> InvalidParameterValue", async (t) => {
  const url = await createFifoQueue(t, "expired");
  await sendFifo(url, "m1");
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 1 });
  await sleep(1500);
  await assertSqsError(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle })),
    "InvalidParameterValue");
  const [again] = await receive(url, { WaitTimeSeconds: 2, AttributeNames: ["ApproximateReceiveCount"] });
  assert.equal(again?.MessageId, first.MessageId, "the message stays and is delivered again");
  assert.equal(again.Attributes.ApproximateReceiveCount, "2");
});

test("ReceiveMessage FIFO: a retry with the same ReceiveRequestAttemptId returns the same messages and handles", async (t) => {
  const url = await createFifoQueue(t, "attempt");
  for (const body of ["m1", "m2", "m3"]) await sendFifo(url, body);
  const attempt = { MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60, ReceiveRequestAttemptId: `try-${freshId()}` };
  const first = await receive(url, attempt);
  assert.ok(first.length > 0);
  const retry = await receive(url, attempt);
  const pairs = (messages) => messages.map((m) => [m.MessageId, m.ReceiptHandle]);
  assert.deepEqual(pairs(retry), pairs(first));
  assert.deepEqual(await receive(url, { ...attempt, ReceiveRequestAttemptId: `other-${freshId()}` }), []);
});

test("SendMessageBatch FIFO: entry order kept in SequenceNumbers and on receive", async (t) => {
  const url = await createFifoQueue(t, "batch");
  const entries = Array.from({ length: 5 }, (_, i) =>
    ({ Id: `e${i}`, MessageBody: `m${i}`, MessageGroupId: "g1", MessageDeduplicationId: freshId() }));
  const reply = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  assert.equal(reply.Failed?.length ?? 0, 0);
  const byId = Object.fromEntries(reply.Successful.map((r) => [r.Id, r]));
  const numbers = entries.map((e) => BigInt(byId[e.Id].SequenceNumber));
  for (let i = 1; i < numbers.length; i++) assert.ok(numbers[i] > numbers[i - 1], "increasing in entry order");
  assert.deepEqual(bodies(await drain(url, 5)), entries.map((e) => e.MessageBody));
});

test("ReceiveMessage FIFO: All returns MessageGroupId, MessageDeduplicationId and SequenceNumber", async (t) => {
  const url = await createFifoQueue(t, "sysattrs");
  const sent = await sendFifo(url, "x", { group: "group-1", dedup: "dedup-1" });
  const [message] = await receive(url, { WaitTimeSeconds: 2, MessageSystemAttributeNames: ["All"] });
  assert.equal(message.Attributes.MessageGroupId, "group-1");
  assert.equal(message.Attributes.MessageDeduplicationId, "dedup-1");
  assert.equal(message.Attributes.SequenceNumber, sent.SequenceNumber);
});
