// Batch operations through @aws-sdk/client-sqs: per-entry results and request errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { createQueue, receiveAll, send, sqs } from "../lib/sqs.mjs";
import { assertCounts, assertSqsError } from "../lib/assertions.mjs";
import { md5OfAttributes, md5OfBody } from "../lib/md5.mjs";

const sendBatch = (url, Entries) => sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));

test("SendMessageBatch: each entry Successful with its Id and MD5s", async (t) => {
  const url = await createQueue(t, "batch");
  const attributes = { k: { DataType: "String", StringValue: "v" } };
  const entries = [
    { Id: "a", MessageBody: "one" },
    { Id: "b-2", MessageBody: "twö ✓", MessageAttributes: attributes },
  ];
  const reply = await sendBatch(url, entries);
  assert.equal(reply.Failed?.length ?? 0, 0);
  const byId = Object.fromEntries(reply.Successful.map((r) => [r.Id, r]));
  assert.deepEqual(Object.keys(byId).sort(), ["a", "b-2"]);
  assert.equal(byId.a.MD5OfMessageBody, md5OfBody("one"));
  assert.equal(byId["b-2"].MD5OfMessageBody, md5OfBody("twö ✓"));
  assert.equal(byId["b-2"].MD5OfMessageAttributes, md5OfAttributes(attributes));
});

test("SendMessageBatch: request errors (empty, too many, duplicate ids, bad id)", async (t) => {
  const url = await createQueue(t, "batcherr");
  const entry = (Id) => ({ Id, MessageBody: "x" });
  await assertSqsError(sendBatch(url, []), "EmptyBatchRequest");
  await assertSqsError(sendBatch(url, Array.from({ length: 11 }, (_, i) => entry(`e${i}`))),
    "TooManyEntriesInBatchRequest");
  await assertSqsError(sendBatch(url, [entry("same"), entry("same")]), "BatchEntryIdsNotDistinct");
  await assertSqsError(sendBatch(url, [entry("bad id!")]), "InvalidBatchEntryId");
});

test("SendMessageBatch: one bad entry is Failed, the rest Successful", async (t) => {
  const url = await createQueue(t, "mixed");
  const reply = await sendBatch(url, [
    { Id: "good", MessageBody: "fine" },
    { Id: "bad", MessageBody: "nul\u0000" },
  ]);
  assert.deepEqual(reply.Successful.map((r) => r.Id), ["good"]);
  assert.deepEqual(reply.Failed.map((f) => [f.Id, f.Code, f.SenderFault]), [["bad", "InvalidMessageContents", true]]);
});

test("DeleteMessageBatch: good handles Successful, malformed handle Failed", async (t) => {
  const url = await createQueue(t, "delbatch");
  await send(url, "a");
  await send(url, "b");
  const messages = await receiveAll(url, 2, { VisibilityTimeout: 60 });
  const reply = await sqs.send(new DeleteMessageBatchCommand({
    QueueUrl: url,
    Entries: [...messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
      { Id: "bad", ReceiptHandle: "garbage" }],
  }));
  assert.deepEqual(reply.Successful.map((r) => r.Id).sort(), ["m0", "m1"]);
  assert.deepEqual(reply.Failed.map((f) => [f.Id, f.Code]), [["bad", "ReceiptHandleIsInvalid"]]);
  await assertCounts(url, 0, 0, 0);
});

test("ChangeMessageVisibilityBatch: entries made visible again at 0", async (t) => {
  const url = await createQueue(t, "cmvbatch");
  await send(url, "a");
  await send(url, "b");
  const messages = await receiveAll(url, 2, { VisibilityTimeout: 60 });
  const reply = await sqs.send(new ChangeMessageVisibilityBatchCommand({
    QueueUrl: url,
    Entries: messages.map((m, i) => ({ Id: `c${i}`, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
  }));
  assert.deepEqual(reply.Successful.map((r) => r.Id).sort(), ["c0", "c1"]);
  await assertCounts(url, 2, 0, 0);
});
