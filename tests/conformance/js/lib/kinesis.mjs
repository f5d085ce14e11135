// A Kinesis client for the endpoint under test, per-test streams and consumers, bounded waits, the
// partition-key hash, shard reading, Kinesis error checks, and raw signed HTTP/2 requests.
//
// @aws-sdk/client-kinesis sends every operation over HTTP/2 (NodeHttp2Handler; with an http://
// endpoint that is h2c with prior knowledge, a new connection per call; aws-wire.md §7). The
// client below keeps that default handler: that is what the server under test must serve.
// SHOAL_KINESIS_HTTP1=1 swaps in the HTTP/1.1 handler, only to check the tests' logic against an
// HTTP/1.1-only emulator such as kinesalite; the raw HTTP/2 tests stay HTTP/2 either way.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import http2 from "node:http2";
import {
  CreateStreamCommand, DeleteStreamCommand, DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand,
  RegisterStreamConsumerCommand,
} from "@aws-sdk/client-kinesis";
import { decodeMessages } from "./eventstream.mjs";
import { sign } from "./raw.mjs";
import { ACCOUNT_ID, ENDPOINT, REGION, sleep } from "./sqs.mjs";

export const HTTP1_OVERRIDE = process.env.SHOAL_KINESIS_HTTP1 === "1";

async function requestHandler() {
  if (!HTTP1_OVERRIDE) return undefined; // the client's default: NodeHttp2Handler
  const { NodeHttpHandler } = await import("@smithy/node-http-handler");
  return new NodeHttpHandler();
}

// One attempt only, so that an error (or a 5xx) reaches the test unretried.
export const kinesis = new KinesisClient({
  endpoint: ENDPOINT,
  region: REGION,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
  requestHandler: await requestHandler(),
});

// ---- pacing ---------------------------------------------------------------------------------
// AWS limits each operation's call rate (five GetRecords and GetShardIterator per second per shard,
// one SubscribeToShard per second per consumer and shard, ten DescribeStream and twenty
// DescribeStreamSummary / DescribeStreamConsumer per second, five for the other control-plane
// operations); a server under test may enforce them (Shoal does), and retries are off, so every
// call waits until it is within its limit. PutRecord(s) and ListShards are not paced.
const PER_SECOND = { DescribeLimits: 1, DescribeStream: 10, DescribeStreamSummary: 20, DescribeStreamConsumer: 20 };
const UNPACED = new Set(["PutRecordCommand", "PutRecordsCommand", "ListShardsCommand"]);
const lastCall = new Map();
const iteratorShard = new Map();

async function waitTurn(key, perSecond) {
  const interval = 1150 / perSecond;
  const now = Date.now();
  const start = Math.max(now, (lastCall.get(key) ?? 0) + interval);
  lastCall.set(key, start);
  if (start > now) await sleep(start - now);
}

kinesis.middlewareStack.add((next, context) => async (args) => {
  const command = context.commandName;
  const operation = command.replace(/Command$/, "");
  const input = args.input ?? {};
  const stream = input.StreamName ?? input.StreamARN;
  if (UNPACED.has(command)) {
    // not paced
  } else if (operation === "GetShardIterator") {
    await waitTurn(`${operation} ${stream} ${input.ShardId}`, 5);
  } else if (operation === "GetRecords") {
    await waitTurn(`${operation} ${iteratorShard.get(input.ShardIterator) ?? "unknown"}`, 5);
  } else if (operation === "SubscribeToShard") {
    await waitTurn(`${operation} ${input.ConsumerARN} ${input.ShardId}`, 1);
  } else {
    await waitTurn(operation, PER_SECOND[operation] ?? 5);
  }
  const result = await next(args);
  const output = result.output ?? {};
  if (operation === "GetShardIterator" && output.ShardIterator) {
    iteratorShard.set(output.ShardIterator, `${stream} ${input.ShardId}`);
  } else if (operation === "GetRecords" && output.NextShardIterator) {
    const shard = iteratorShard.get(input.ShardIterator);
    iteratorShard.delete(input.ShardIterator);
    if (shard) iteratorShard.set(output.NextShardIterator, shard);
  }
  return result;
}, { step: "initialize", name: "shoalKinesisPacing" });

// ---- streams --------------------------------------------------------------------------------
export const STREAM_MS = 60000;
export const MAX_HASH_KEY = (1n << 128n) - 1n;
export const SHARD0 = "shardId-000000000000";
export const streamArnFor = (name) => `arn:aws:kinesis:${REGION}:${ACCOUNT_ID}:stream/${name}`;
export const uniqueStreamName = (label) => `conf-js-kin-${label}-${randomBytes(6).toString("hex")}`;

export async function summary(name) {
  return (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
}

// Polls DescribeStreamSummary until the stream is ACTIVE (at most STREAM_MS); returns the statuses
// seen, in order.
export async function waitForActive(name) {
  const seen = [];
  const deadline = Date.now() + STREAM_MS;
  for (;;) {
    const { StreamStatus } = await summary(name);
    if (seen.at(-1) !== StreamStatus) seen.push(StreamStatus);
    if (StreamStatus === "ACTIVE") return seen;
    assert.ok(Date.now() < deadline, `stream ${name} not ACTIVE: ${seen.join(" -> ")}`);
    await sleep(250);
  }
}

// Creates a stream (ShardCount `shards`) that is deleted when the test `t` ends; waits until it is
// ACTIVE unless `wait` is false. Returns its name.
export async function createStream(t, label, { shards = 1, wait = true } = {}) {
  const name = uniqueStreamName(label);
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  t.after(() => kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => {}));
  if (wait) await waitForActive(name);
  return name;
}

export async function listShards(name) {
  const shards = [];
  let request = { StreamName: name };
  for (;;) {
    const page = await kinesis.send(new ListShardsCommand(request));
    shards.push(...(page.Shards ?? []));
    if (!page.NextToken) return shards;
    request = { NextToken: page.NextToken };
  }
}

// The 128-bit hash key of a partition key: MD5 of its UTF-8 bytes, big-endian (computed here,
// independently of the server).
export function hashKeyOf(partitionKey) {
  return BigInt(`0x${createHash("md5").update(Buffer.from(partitionKey, "utf8")).digest("hex")}`);
}

export function shardForHash(shards, hashKey) {
  const matches = shards.filter((s) => !s.SequenceNumberRange.EndingSequenceNumber &&
    BigInt(s.HashKeyRange.StartingHashKey) <= hashKey && hashKey <= BigInt(s.HashKeyRange.EndingHashKey));
  assert.equal(matches.length, 1, `open shards holding hash key ${hashKey}`);
  return matches[0].ShardId;
}

export async function iterator(name, shardId, type = "TRIM_HORIZON", extra = {}) {
  const reply = await kinesis.send(new GetShardIteratorCommand({
    StreamName: name, ShardId: shardId, ShardIteratorType: type, ...extra,
  }));
  return reply.ShardIterator;
}

// GetRecords from `shardIterator` until `count` records came, the shard ended or 15 s passed.
// Returns { records, responses }.
export async function read(shardIterator, count, extra = {}) {
  const records = [];
  const responses = [];
  const deadline = Date.now() + 15000;
  let next = shardIterator;
  while (next && Date.now() < deadline) {
    const response = await kinesis.send(new GetRecordsCommand({ ShardIterator: next, ...extra }));
    responses.push(response);
    records.push(...response.Records);
    next = response.NextShardIterator;
    if (records.length >= count) break;
  }
  return { records, responses };
}

export async function readShard(name, shardId, count, type = "TRIM_HORIZON", extra = {}) {
  return (await read(await iterator(name, shardId, type, extra), count)).records;
}

// ---- consumers ------------------------------------------------------------------------------
export async function describeConsumer(ConsumerARN) {
  return (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription;
}

// Registers a consumer of the stream, deregistered when the test ends, and waits until it is
// ACTIVE. Returns the Consumer of the RegisterStreamConsumer reply.
export async function registerConsumer(t, streamName, label = "c") {
  const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({
    StreamARN: streamArnFor(streamName), ConsumerName: `conf-js-kin-consumer-${label}-${randomBytes(6).toString("hex")}`,
  }));
  t.after(() => kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: Consumer.ConsumerARN })).catch(() => {}));
  const deadline = Date.now() + STREAM_MS;
  for (;;) {
    const { ConsumerStatus } = await describeConsumer(Consumer.ConsumerARN);
    if (ConsumerStatus === "ACTIVE") return Consumer;
    assert.ok(Date.now() < deadline, `consumer not ACTIVE: ${ConsumerStatus}`);
    await sleep(250);
  }
}

// ---- errors ---------------------------------------------------------------------------------
// Awaits `promise`, expecting the Kinesis error `ExceptionClass` (e.g. ResourceNotFoundException):
// typed, named so, with a message and HTTP status 400.
export async function assertKinesisError(promise, ExceptionClass) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${ExceptionClass.name} but the request succeeded`);
  assert.ok(error instanceof ExceptionClass, `expected ${ExceptionClass.name}, got ${error.name}: ${error.message}`);
  assert.equal(error.name, ExceptionClass.name);
  assert.ok(error.message, "the error has no message");
  assert.equal(error.$metadata?.httpStatusCode, 400, "HTTP status");
  return error;
}

// ---- raw HTTP/2 -----------------------------------------------------------------------------
// Opens an h2c (prior knowledge) connection to the endpoint and POSTs a Kinesis JSON 1.1 request,
// signed as @aws-sdk/client-kinesis signs it (":authority" among the signed headers). `onData` gets
// each chunk of the response body and returns true to stop reading (the stream is then closed).
// Resolves to { status, headers, body } with the body read so far.
export function h2Request(target, payload, { onData, timeoutMs = 20000 } = {}) {
  const url = new URL(ENDPOINT);
  const body = Buffer.from(JSON.stringify(payload));
  const signed = sign({
    ":authority": url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `Kinesis_20131202.${target}`,
    "content-length": String(body.length),
  }, body, new Date(), "kinesis");
  return new Promise((resolve, reject) => {
    const session = http2.connect(ENDPOINT);
    const chunks = [];
    let response;
    const finish = (error) => {
      clearTimeout(timer);
      session.destroy();
      if (error) reject(error);
      else resolve({ status: response?.[":status"], headers: response ?? {}, body: Buffer.concat(chunks) });
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    session.on("error", finish);
    const headers = { ...signed, ":method": "POST", ":path": "/" };
    const stream = session.request(headers);
    stream.on("response", (h) => { response = h; });
    stream.on("data", (chunk) => {
      chunks.push(chunk);
      if (onData?.(Buffer.concat(chunks))) finish();
    });
    stream.on("end", () => finish());
    stream.on("error", finish);
    stream.end(body);
  });
}

// SubscribeToShard over raw h2c; reads event-stream messages until `until(messages)` is true (or
// the timeout). Resolves to { status, headers, body, messages, decodeError }: the messages
// decoded with both CRCs checked, or the decoder's error for a body that is no valid event stream.
export async function h2Subscribe(input, until, timeoutMs = 20000) {
  let messages = [];
  let decodeError;
  const reply = await h2Request("SubscribeToShard", input, {
    timeoutMs,
    onData: (buffer) => {
      try {
        messages = decodeMessages(buffer).messages;
        decodeError = undefined;
      } catch (error) {
        decodeError = error; // e.g. a JSON error body: read it whole
        return false;
      }
      return until(messages);
    },
  });
  return { ...reply, messages, decodeError };
}
