// Queue management through @aws-sdk/client-sqs (JSON 1.0).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, ListQueuesCommand,
  ListQueueTagsCommand, QueueDoesNotExist, QueueNameExists, SetQueueAttributesCommand,
  TagQueueCommand, UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { ACCOUNT_ID, REGION, createQueue, queueAttributes, sqs, uniqueName } from "../lib/sqs.mjs";
import { assertSqsError, eventually } from "../lib/assertions.mjs";

test("CreateQueue: URL ends in /<account>/<name> and attributes apply", async (t) => {
  const name = uniqueName("create");
  const url = await createQueue(t, "create", { name, attributes: { VisibilityTimeout: "45", DelaySeconds: "2" } });
  assert.ok(url.endsWith(`/${ACCOUNT_ID}/${name}`), url);
  const attributes = await queueAttributes(url, "VisibilityTimeout", "DelaySeconds");
  assert.deepEqual(attributes, { VisibilityTimeout: "45", DelaySeconds: "2" });
});

test("CreateQueue: idempotent when attributes are equal", async (t) => {
  const name = uniqueName("idem");
  const url = await createQueue(t, "idem", { name, attributes: { VisibilityTimeout: "40" } });
  const again = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "40" } }));
  assert.equal(again.QueueUrl, url);
});

test("CreateQueue: different attributes -> QueueNameExists", async (t) => {
  const name = uniqueName("clash");
  await createQueue(t, "clash", { name, attributes: { VisibilityTimeout: "40" } });
  const error = await assertSqsError(
    sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "41" } })),
    "QueueNameExists");
  assert.ok(error instanceof QueueNameExists, `typed exception, got ${error.name}`);
});

test("CreateQueue: invalid names -> InvalidParameterValue", async (t) => {
  for (const bad of ["has space", "dot.name", "x".repeat(81), "ünï"]) {
    await t.test(JSON.stringify(bad), async () => {
      await assertSqsError(sqs.send(new CreateQueueCommand({ QueueName: bad })), "InvalidParameterValue");
    });
  }
});

test("GetQueueUrl: returns the CreateQueue URL", async (t) => {
  const name = uniqueName("url");
  const url = await createQueue(t, "url", { name });
  assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl, url);
});

test("GetQueueUrl: unknown queue -> typed QueueDoesNotExist", async () => {
  const error = await assertSqsError(
    sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName("missing") })), "QueueDoesNotExist");
  assert.ok(error instanceof QueueDoesNotExist, `typed exception, got ${error.name}`);
  assert.equal(error.Code, "AWS.SimpleQueueService.NonExistentQueue", "legacy code from x-amzn-query-error");
});

test("ListQueues: prefix filter and MaxResults/NextToken paging", async (t) => {
  const prefix = uniqueName("page");
  const urls = [];
  for (let i = 0; i < 5; i++) urls.push(await createQueue(t, "page", { name: `${prefix}-${i}` }));
  await eventually(async () => {
    const listed = [];
    let NextToken;
    let pages = 0;
    do {
      const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken }));
      assert.ok((page.QueueUrls ?? []).length <= 2, "page size");
      listed.push(...(page.QueueUrls ?? []));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken && pages < 10);
    assert.deepEqual(listed.sort(), [...urls].sort());
    assert.equal(pages, 3);
  });
});

test("DeleteQueue: the queue is gone afterwards", async (t) => {
  const name = uniqueName("delete");
  const url = await createQueue(t, "delete", { name });
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  await eventually(() => assertSqsError(sqs.send(new GetQueueUrlCommand({ QueueName: name })), "QueueDoesNotExist"));
});

test("GetQueueAttributes: All has ARN, defaults and whole-second timestamps", async (t) => {
  const name = uniqueName("attrs");
  const attributes = await queueAttributes(await createQueue(t, "attrs", { name }));
  assert.equal(attributes.QueueArn, `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`);
  assert.equal(attributes.VisibilityTimeout, "30");
  assert.equal(attributes.MaximumMessageSize, "1048576");
  assert.equal(attributes.ApproximateNumberOfMessages, "0");
  assert.match(attributes.CreatedTimestamp, /^\d+$/);
  assert.ok(Math.abs(Number(attributes.CreatedTimestamp) - Date.now() / 1000) < 60, "near now");
});

test("SetQueueAttributes: valid values stored, out-of-range -> InvalidAttributeValue, unknown -> InvalidAttributeName", async (t) => {
  const url = await createQueue(t, "set");
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "90", DelaySeconds: "900" } }));
  assert.deepEqual(await queueAttributes(url, "VisibilityTimeout", "DelaySeconds"),
    { VisibilityTimeout: "90", DelaySeconds: "900" });
  await assertSqsError(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: "901" } })),
    "InvalidAttributeValue");
  await assertSqsError(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Bogus: "1" } })),
    "InvalidAttributeName");
});

test("TagQueue / UntagQueue / ListQueueTags", async (t) => {
  const url = await createQueue(t, "tags", { tags: { a: "1" } });
  await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { b: "2", c: "3" } }));
  assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { a: "1", b: "2", c: "3" });
  await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["a", "c"] }));
  assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { b: "2" });
});
