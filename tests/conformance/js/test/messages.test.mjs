// Sending, receiving and settling messages through @aws-sdk/client-sqs (JSON 1.0).
// The SDK itself verifies MD5OfMessageBody / MD5OfBody; the tests also compare
// the attribute MD5, which the SDK does not check (aws-wire.md §5).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ChangeMessageVisibilityCommand, DeleteMessageCommand, PurgeQueueCommand, ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { createQueue, receive, send, sleep, sqs } from "../lib/sqs.mjs";
import { assertCounts, assertSqsError } from "../lib/assertions.mjs";
import { md5OfAttributes, md5OfBody } from "../lib/md5.mjs";

const BODY = '{"hello":"world & <sqs>"} ünïcødé ✓ 😀';
const ATTRIBUTES = {
  str: { DataType: "String", StringValue: "v1 é" },
  num: { DataType: "Number", StringValue: "42" },
  bin: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2, 255]) },
  custom: { DataType: "String.custom", StringValue: "xé" },
};

test("SendMessage: MD5OfMessageBody and MD5OfMessageAttributes match local computation", async (t) => {
  const url = await createQueue(t, "send");
  const reply = await send(url, BODY, { MessageAttributes: ATTRIBUTES });
  assert.equal(reply.MD5OfMessageBody, md5OfBody(BODY));
  assert.equal(reply.MD5OfMessageAttributes, md5OfAttributes(ATTRIBUTES));
  assert.ok(reply.MessageId);
});

test("ReceiveMessage: body, typed attributes and MD5s round-trip", async (t) => {
  const url = await createQueue(t, "recv");
  await send(url, BODY, { MessageAttributes: ATTRIBUTES });
  const [message] = await receive(url, { WaitTimeSeconds: 2, MessageAttributeNames: ["All"], AttributeNames: ["All"] });
  assert.equal(message.Body, BODY);
  assert.equal(message.MD5OfBody, md5OfBody(BODY));
  assert.equal(message.MD5OfMessageAttributes, md5OfAttributes(ATTRIBUTES));
  assert.deepEqual(Object.keys(message.MessageAttributes).sort(), Object.keys(ATTRIBUTES).sort());
  assert.deepEqual([...message.MessageAttributes.bin.BinaryValue], [0, 1, 2, 255]);
  assert.equal(message.MessageAttributes.custom.DataType, "String.custom");
  assert.equal(message.Attributes.ApproximateReceiveCount, "1");
  assert.ok(message.Attributes.SentTimestamp && message.Attributes.SenderId);
});

test("ReceiveMessage: foo.* selects attributes under the prefix, MD5 over those only", async (t) => {
  const url = await createQueue(t, "filter");
  const attributes = {
    "foo.a": { DataType: "String", StringValue: "1" },
    "foo.b": { DataType: "String", StringValue: "2" },
    other: { DataType: "String", StringValue: "3" },
  };
  await send(url, "x", { MessageAttributes: attributes });
  const [message] = await receive(url, { WaitTimeSeconds: 2, MessageAttributeNames: ["foo.*"] });
  assert.deepEqual(Object.keys(message.MessageAttributes).sort(), ["foo.a", "foo.b"]);
  assert.equal(message.MD5OfMessageAttributes,
    md5OfAttributes({ "foo.a": attributes["foo.a"], "foo.b": attributes["foo.b"] }));
});

test("SendMessage: invalid characters -> InvalidMessageContents", async (t) => {
  const url = await createQueue(t, "badchars");
  await assertSqsError(send(url, "nul\u0000"), "InvalidMessageContents");
});

test("SendMessage: body over MaximumMessageSize is rejected", async (t) => {
  const url = await createQueue(t, "size", { attributes: { MaximumMessageSize: "1024" } });
  await send(url, "a".repeat(1024));
  await assertSqsError(send(url, "a".repeat(1025)), "InvalidParameterValue", "MessageTooLong");
});

test("SendMessage: DelaySeconds hides the message until the delay passes", async (t) => {
  const url = await createQueue(t, "delay");
  const sentAt = Date.now();
  await send(url, "later", { DelaySeconds: 2 });
  assert.deepEqual(await receive(url), []);
  await assertCounts(url, 0, 0, 1);
  const [message] = await receive(url, { WaitTimeSeconds: 5 });
  assert.equal(message?.Body, "later");
  assert.ok(Date.now() - sentAt >= 1800, "delivered after the delay");
});

test("ReceiveMessage: MaxNumberOfMessages out of range -> InvalidParameterValue", async (t) => {
  const url = await createQueue(t, "max");
  for (const bad of [0, 11]) {
    await assertSqsError(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: bad })),
      "InvalidParameterValue");
  }
});

test("ReceiveMessage: long poll returns as soon as a message arrives", async (t) => {
  const url = await createQueue(t, "longpoll");
  const started = Date.now();
  const sender = sleep(1000).then(() => send(url, "hi"));
  const messages = await receive(url, { WaitTimeSeconds: 10 });
  await sender;
  const elapsed = Date.now() - started;
  assert.deepEqual(messages.map((m) => m.Body), ["hi"]);
  assert.ok(elapsed >= 900 && elapsed < 3000, `returned after ${elapsed} ms`);
});

test("ReceiveMessage: redelivery after the visibility timeout has a new handle and count 2", async (t) => {
  const url = await createQueue(t, "redeliver");
  await send(url, "again");
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 1 });
  assert.deepEqual(await receive(url), [], "hidden while in flight");
  await sleep(1200);
  const [second] = await receive(url, { WaitTimeSeconds: 3, AttributeNames: ["ApproximateReceiveCount"] });
  assert.equal(second.MessageId, first.MessageId);
  assert.notEqual(second.ReceiptHandle, first.ReceiptHandle);
  assert.equal(second.Attributes.ApproximateReceiveCount, "2");
});

test("ChangeMessageVisibility: 0 makes the message visible at once", async (t) => {
  const url = await createQueue(t, "cmv");
  await send(url, "x");
  const [first] = await receive(url, { WaitTimeSeconds: 2, VisibilityTimeout: 60 });
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));
  const [second] = await receive(url, { WaitTimeSeconds: 1 });
  assert.equal(second?.MessageId, first.MessageId);
});

test("DeleteMessage: removes the message; a malformed handle -> ReceiptHandleIsInvalid", async (t) => {
  const url = await createQueue(t, "delete");
  await send(url, "x");
  const [message] = await receive(url, { WaitTimeSeconds: 2 });
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
  await assertCounts(url, 0, 0, 0);
  const error = await assertSqsError(
    sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: "garbage" })), "ReceiptHandleIsInvalid");
  assert.ok(error instanceof ReceiptHandleIsInvalid, `typed exception, got ${error.name}`);
});

test("PurgeQueue: removes every message", async (t) => {
  const url = await createQueue(t, "purge");
  await send(url, "a");
  await send(url, "b");
  await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  await assertCounts(url, 0, 0, 0);
  assert.deepEqual(await receive(url, { WaitTimeSeconds: 1 }), []);
});
