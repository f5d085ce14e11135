// The endpoint under test, an SQS client for it, and per-test queues.
import { randomBytes } from "node:crypto";
import {
  SQSClient, CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand,
  ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";

export const ENDPOINT = process.env.SHOAL_ENDPOINT ?? "http://127.0.0.1:4566";
export const REGION = "us-east-1";
export const ACCOUNT_ID = process.env.SHOAL_ACCOUNT_ID ?? "000000000000";

// One attempt only, so that an error (or a 5xx) reaches the test unretried.
export const sqs = new SQSClient({
  endpoint: ENDPOINT,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

export function uniqueName(label) {
  return `conf-js-${label}-${randomBytes(6).toString("hex")}`.slice(0, 80);
}

// Creates a queue that is deleted when the test `t` ends; returns its URL.
export async function createQueue(t, label, { attributes, tags, name } = {}) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({
    QueueName: name ?? uniqueName(label), Attributes: attributes, tags,
  }));
  t.after(() => sqs.send(new DeleteQueueCommand({ QueueUrl })).catch(() => {}));
  return QueueUrl;
}

// Creates a FIFO queue named conf-js-<label>-<random>.fifo, deleted when the test `t` ends.
export async function createFifoQueue(t, label, attributes = {}) {
  return createQueue(t, label, { name: `${uniqueName(label)}.fifo`, attributes: { FifoQueue: "true", ...attributes } });
}

export async function queueAttributes(url, ...names) {
  const reply = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: url, AttributeNames: names.length ? names : ["All"],
  }));
  return reply.Attributes ?? {};
}

export async function send(url, body, extra = {}) {
  return sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, ...extra }));
}

export async function receive(url, extra = {}) {
  const reply = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...extra }));
  return reply.Messages ?? [];
}

// Receives until `count` distinct messages arrived (standard queues may split batches).
export async function receiveAll(url, count, extra = {}) {
  const found = new Map();
  const deadline = Date.now() + 5000;
  while (found.size < count && Date.now() < deadline) {
    for (const m of await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1, ...extra })) {
      found.set(m.MessageId, m);
    }
  }
  return [...found.values()];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
