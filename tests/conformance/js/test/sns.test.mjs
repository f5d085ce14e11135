// SNS through @aws-sdk/client-sns (AWS Query): topics, SQS subscriptions, publish fan-out with the
// JSON envelope, raw delivery, PublishBatch, FIFO topic order, a filter policy, and typed errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  BatchEntryIdsNotDistinctException, CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand,
  InvalidParameterException, ListSubscriptionsByTopicCommand, ListTopicsCommand, NotFoundException,
  PublishBatchCommand, PublishCommand, SubscribeCommand, TooManyEntriesInBatchRequestException,
} from "@aws-sdk/client-sns";
import { ACCOUNT_ID, createFifoQueue, createQueue } from "../lib/sqs.mjs";
import {
  UUID, assertNothingDelivered, assertSnsError, createFifoTopic, createTopic, queueArn, receiveEnvelopes,
  receiveNotifications, sns, subscribeQueue, topicArnFor, topicAttributes, uniqueTopicName,
} from "../lib/sns.mjs";

const BODY = 'héllo ünïcødé ✓ & <x> "quoted" 😀';
const ATTRIBUTES = {
  color: { DataType: "String", StringValue: "blue é" },
  size: { DataType: "Number", StringValue: "42" },
  blob: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 255]) },
};
const ENVELOPE_ATTRIBUTES = {
  color: { Type: "String", Value: "blue é" },
  size: { Type: "Number", Value: "42" },
  blob: { Type: "Binary", Value: Buffer.from([0, 1, 255]).toString("base64") },
};

async function allTopicArns() {
  const arns = [];
  let NextToken;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken }));
    arns.push(...(page.Topics ?? []).map((t) => t.TopicArn));
    NextToken = page.NextToken;
  } while (NextToken);
  return arns;
}

async function subscribedQueue(t, topicArn, label, attributes) {
  const url = await createQueue(t, label);
  return { url, subscription: await subscribeQueue(topicArn, url, attributes) };
}

test("CreateTopic: ARN of the name, idempotent, listed by ListTopics; DeleteTopic removes it", async (t) => {
  const name = uniqueTopicName("create");
  const arn = await createTopic(t, "create", { name });
  assert.equal(arn, topicArnFor(name));
  assert.equal((await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn, arn);
  assert.deepEqual((await allTopicArns()).filter((a) => a === arn), [arn]);
  await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
  assert.ok(!(await allTopicArns()).includes(arn));
  await assertSnsError(sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), NotFoundException, "NotFound", 404);
});

test("CreateTopic: a name with a space, a dot or 257 characters -> InvalidParameterException", async (t) => {
  for (const name of ["has space", "dot.name", "a".repeat(257)]) {
    const created = sns.send(new CreateTopicCommand({ Name: name })).then(({ TopicArn }) => {
      t.after(() => sns.send(new DeleteTopicCommand({ TopicArn })).catch(() => {}));
    });
    await assertSnsError(created, InvalidParameterException, "InvalidParameter");
  }
});

test("GetTopicAttributes: a new topic's TopicArn, Owner, DisplayName and zero subscription counters", async (t) => {
  const arn = await createTopic(t, "attrs");
  const attributes = await topicAttributes(arn);
  assert.equal(attributes.TopicArn, arn);
  assert.equal(attributes.Owner, ACCOUNT_ID);
  assert.equal(attributes.DisplayName, "");
  assert.deepEqual([attributes.SubscriptionsConfirmed, attributes.SubscriptionsPending, attributes.SubscriptionsDeleted],
    ["0", "0", "0"]);
  assert.equal(JSON.parse(attributes.Policy).Statement[0].Resource, arn);
});

test("DeleteTopic: deleting a topic that does not exist succeeds", async () => {
  await sns.send(new DeleteTopicCommand({ TopicArn: topicArnFor(uniqueTopicName("never")) }));
});

test("NotFoundException (404, Code NotFound) for Publish, GetTopicAttributes and Subscribe on a missing topic", async () => {
  const TopicArn = topicArnFor(uniqueTopicName("missing"));
  await assertSnsError(sns.send(new PublishCommand({ TopicArn, Message: "x" })), NotFoundException, "NotFound", 404);
  await assertSnsError(sns.send(new GetTopicAttributesCommand({ TopicArn })), NotFoundException, "NotFound", 404);
  await assertSnsError(sns.send(new SubscribeCommand({
    TopicArn, Protocol: "sqs", Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:conf-nowhere`,
  })), NotFoundException, "NotFound", 404);
});

test("Subscribe sqs: arn:aws:sns:<region>:<account>:<topic>:<uuid>, the same ARN twice, one listed subscription", async (t) => {
  const name = uniqueTopicName("sub");
  const topic = await createTopic(t, "sub", { name });
  const url = await createQueue(t, "sub");
  const first = await subscribeQueue(topic, url);
  const [prefix, id] = [first.slice(0, first.lastIndexOf(":")), first.slice(first.lastIndexOf(":") + 1)];
  assert.equal(prefix, topicArnFor(name));
  assert.match(id, UUID);
  assert.equal(await subscribeQueue(topic, url), first);
  const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
  assert.deepEqual(Subscriptions.map((s) => [s.SubscriptionArn, s.Protocol, s.Endpoint, s.TopicArn, s.Owner]),
    [[first, "sqs", await queueArn(url), topic, ACCOUNT_ID]]);
});

// moto 5.2.1 deviates: SignatureVersion is always "2" and the UnsubscribeURL names a wrong subscription id.
test("Publish: three subscribed queues each get the SNS JSON envelope of the message", async (t) => {
  const topic = await createTopic(t, "fanout");
  const queues = [];
  for (let i = 0; i < 3; i++) queues.push(await subscribedQueue(t, topic, `fan${i}`));
  const { MessageId } = await sns.send(new PublishCommand({
    TopicArn: topic, Message: BODY, Subject: "Greetings", MessageAttributes: ATTRIBUTES,
  }));
  assert.match(MessageId, UUID);
  for (const { url, subscription } of queues) {
    const [envelope] = await receiveEnvelopes(url, 1);
    assert.equal(envelope.Type, "Notification");
    assert.equal(envelope.MessageId, MessageId);
    assert.equal(envelope.TopicArn, topic);
    assert.equal(envelope.Subject, "Greetings");
    assert.equal(envelope.Message, BODY);
    assert.match(envelope.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(envelope.SignatureVersion, "1");
    assert.ok(envelope.Signature && envelope.SigningCertURL, "signature fields");
    const unsubscribe = new URL(envelope.UnsubscribeURL);
    assert.equal(unsubscribe.searchParams.get("Action"), "Unsubscribe");
    assert.equal(unsubscribe.searchParams.get("SubscriptionArn"), subscription);
    assert.deepEqual(envelope.MessageAttributes, ENVELOPE_ATTRIBUTES);
  }
  for (const { url } of queues) await assertNothingDelivered(url);
});

// moto 5.2.1 deviates: a Binary attribute under raw delivery makes ReceiveMessage fail (HTML 500).
test("Publish: RawMessageDelivery=true gives the bare message and the attributes as SQS message attributes", async (t) => {
  const topic = await createTopic(t, "raw");
  const { url } = await subscribedQueue(t, topic, "raw", { RawMessageDelivery: "true" });
  await sns.send(new PublishCommand({ TopicArn: topic, Message: BODY, MessageAttributes: ATTRIBUTES }));
  const [message] = await receiveNotifications(url, 1);
  assert.ok(message, "nothing delivered");
  assert.equal(message.Body, BODY);
  const received = message.MessageAttributes ?? {};
  assert.deepEqual(Object.keys(received).sort(), Object.keys(ATTRIBUTES).sort());
  assert.deepEqual([received.color.DataType, received.color.StringValue], ["String", "blue é"]);
  assert.deepEqual([received.size.DataType, received.size.StringValue], ["Number", "42"]);
  assert.equal(received.blob.DataType, "Binary");
  assert.deepEqual([...received.blob.BinaryValue], [0, 1, 255]);
});

test("PublishBatch: one Successful entry per Id, each delivered with its MessageId", async (t) => {
  const topic = await createTopic(t, "batch");
  const { url } = await subscribedQueue(t, topic, "batch");
  const entries = [0, 1, 2].map((i) => ({ Id: `e${i}`, Message: `m${i}` }));
  const reply = await sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: entries }));
  assert.deepEqual(reply.Failed ?? [], []);
  const ids = Object.fromEntries(reply.Successful.map((r) => [r.Id, r.MessageId]));
  assert.deepEqual(Object.keys(ids).sort(), ["e0", "e1", "e2"]);
  const envelopes = await receiveEnvelopes(url, 3);
  assert.deepEqual(Object.fromEntries(envelopes.map((e) => [e.MessageId, e.Message])),
    Object.fromEntries(entries.map((e) => [ids[e.Id], e.Message])));
});

test("PublishBatch: 11 entries -> TooManyEntriesInBatchRequest; repeated Ids -> BatchEntryIdsNotDistinct", async (t) => {
  const topic = await createTopic(t, "batchbad");
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: "x" }));
  await assertSnsError(sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: eleven })),
    TooManyEntriesInBatchRequestException, "TooManyEntriesInBatchRequest");
  const repeated = [{ Id: "same", Message: "a" }, { Id: "same", Message: "b" }];
  await assertSnsError(sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: repeated })),
    BatchEntryIdsNotDistinctException, "BatchEntryIdsNotDistinct");
});

const publishFifo = (TopicArn, Message, MessageGroupId) => sns.send(new PublishCommand({
  TopicArn, Message, MessageGroupId, MessageDeduplicationId: randomBytes(8).toString("hex"),
}));

// moto 5.2.1 deviates: it answers MissingParameter.
test("FIFO topic: Publish without MessageGroupId -> InvalidParameterException", async (t) => {
  const topic = await createFifoTopic(t, "nogroup");
  assert.equal((await topicAttributes(topic)).FifoTopic, "true");
  await assertSnsError(sns.send(new PublishCommand({ TopicArn: topic, Message: "x", MessageDeduplicationId: "d" })),
    InvalidParameterException, "InvalidParameter");
});

// moto 5.2.1 deviates: Publish returns no SequenceNumber.
test("FIFO topic: Publish returns a SequenceNumber, decimal and increasing within a group", async (t) => {
  const topic = await createFifoTopic(t, "seq");
  const sequence = { g0: [], g1: [] };
  for (let i = 0; i < 6; i++) {
    const group = `g${i % 2}`;
    const reply = await publishFifo(topic, `m${i}`, group);
    assert.match(reply.SequenceNumber ?? "", /^\d+$/);
    sequence[group].push(BigInt(reply.SequenceNumber));
  }
  for (const numbers of Object.values(sequence)) {
    for (let i = 1; i < numbers.length; i++) assert.ok(numbers[i] > numbers[i - 1], "SequenceNumber not increasing");
  }
});

test("FIFO topic: the subscribed FIFO queue gets each group in publish order, with its MessageGroupId", async (t) => {
  const topic = await createFifoTopic(t, "order");
  const url = await createFifoQueue(t, "order");
  await subscribeQueue(topic, url);
  const sent = Array.from({ length: 8 }, (_, i) => [`g${i % 2}`, `m${i}`]);
  for (const [group, message] of sent) await publishFifo(topic, message, group);
  const received = await receiveNotifications(url, sent.length);
  assert.equal(received.length, sent.length);
  for (const group of ["g0", "g1"]) {
    assert.deepEqual(
      received.filter((m) => m.Attributes.MessageGroupId === group).map((m) => JSON.parse(m.Body).Message),
      sent.filter(([g]) => g === group).map(([, message]) => message), `order of ${group}`);
  }
});

test("Filter policy: only the matching publish reaches the filtered queue, the other queue gets both", async (t) => {
  const topic = await createTopic(t, "filter");
  const filtered = await subscribedQueue(t, topic, "filtered", {
    RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ color: ["red"], size: [{ numeric: [">", 10] }] }),
  });
  const everything = await subscribedQueue(t, topic, "all", { RawMessageDelivery: "true" });
  const publish = (Message, color, size) => sns.send(new PublishCommand({
    TopicArn: topic, Message,
    MessageAttributes: { color: { DataType: "String", StringValue: color }, size: { DataType: "Number", StringValue: String(size) } },
  }));
  await publish("small red", "red", 5);
  await publish("big blue", "blue", 50);
  await publish("big red", "red", 50);
  assert.equal((await receiveNotifications(everything.url, 3)).length, 3);
  assert.deepEqual((await receiveNotifications(filtered.url, 1)).map((m) => m.Body), ["big red"]);
  await assertNothingDelivered(filtered.url);
});
