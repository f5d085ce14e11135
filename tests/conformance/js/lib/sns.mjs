// An SNS client for the endpoint under test (AWS Query, Version=2010-03-31), per-test topics,
// SQS subscriptions, bounded polling for the asynchronous fan-out, and SNS error checks.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  SNSClient, CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, SubscribeCommand,
} from "@aws-sdk/client-sns";
import { DeleteMessageCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ACCOUNT_ID, ENDPOINT, REGION, queueAttributes, receive, sqs } from "./sqs.mjs";

// One attempt only, so that an error (or a 5xx) reaches the test unretried.
export const sns = new SNSClient({
  endpoint: ENDPOINT,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

// Publishing is asynchronous (and at least once): a queue is polled this long at most.
export const DELIVERY_MS = 10000;

export const topicArnFor = (name) => `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${name}`;
export const uniqueTopicName = (label) => `conf-js-sns-${label}-${randomBytes(6).toString("hex")}`;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Creates a topic that is deleted when the test `t` ends; returns its ARN.
export async function createTopic(t, label, { attributes, tags, name } = {}) {
  const { TopicArn } = await sns.send(new CreateTopicCommand({
    Name: name ?? uniqueTopicName(label), Attributes: attributes,
    Tags: tags && Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  }));
  t.after(() => sns.send(new DeleteTopicCommand({ TopicArn })).catch(() => {}));
  return TopicArn;
}

// Creates a FIFO topic conf-js-sns-<label>-<random>.fifo, deleted when the test ends.
export async function createFifoTopic(t, label, attributes = {}) {
  return createTopic(t, label, { name: `${uniqueTopicName(label)}.fifo`, attributes: { FifoTopic: "true", ...attributes } });
}

export async function topicAttributes(arn) {
  return (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
}

export async function queueArn(url) {
  return (await queueAttributes(url, "QueueArn")).QueueArn;
}

// Subscribes the queue (protocol sqs, with the queue policy real AWS needs); returns the
// subscription ARN.
export async function subscribeQueue(topicArn, url, attributes) {
  const arn = await queueArn(url);
  const policy = {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: arn,
      Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
    }],
  };
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
  const reply = await sns.send(new SubscribeCommand({
    TopicArn: topicArn, Protocol: "sqs", Endpoint: arn, Attributes: attributes, ReturnSubscriptionArn: true,
  }));
  return reply.SubscriptionArn;
}

// Long-polls the queue until `count` messages came (or DELIVERY_MS passed), deleting each;
// returns the SQS messages in the order received, with all attributes.
export async function receiveNotifications(url, count, timeoutMs = DELIVERY_MS) {
  const found = new Map();
  const deadline = Date.now() + timeoutMs;
  while (found.size < count && Date.now() < deadline) {
    const batch = await receive(url, {
      MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ["All"], MessageAttributeNames: ["All"],
    });
    for (const m of batch) {
      found.set(m.MessageId, m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return [...found.values()];
}

// The parsed SNS envelopes of exactly `count` deliveries.
export async function receiveEnvelopes(url, count) {
  const messages = await receiveNotifications(url, count);
  assert.equal(messages.length, count, "messages delivered to the queue");
  return messages.map((m) => JSON.parse(m.Body));
}

// A one-second long poll finds nothing: run it after a delivery proved the topic fanned out.
export async function assertNothingDelivered(url) {
  const messages = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
  assert.deepEqual(messages.map((m) => m.Body), [], "unexpected deliveries");
}

// Awaits `promise`, expecting the SNS error `ExceptionClass` (e.g. NotFoundException): typed,
// with the Query code `code` (e.g. "NotFound") in error.Code and the HTTP `status`.
export async function assertSnsError(promise, ExceptionClass, code, status = 400) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${ExceptionClass.name} but the request succeeded`);
  assert.ok(error instanceof ExceptionClass,
    `expected ${ExceptionClass.name}, got ${error.name} (${error.Code}): ${error.message}`);
  assert.equal(error.Code ?? error.Error?.Code, code, "error code");
  assert.equal(error.$metadata?.httpStatusCode, status, "HTTP status");
  return error;
}
