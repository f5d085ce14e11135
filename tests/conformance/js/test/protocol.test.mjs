// Error envelopes for requests no SDK command sends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonRequest } from "../lib/raw.mjs";

test("unknown operation: an AWS-shaped 4xx JSON error, not a 500", async () => {
  const { status, text } = await jsonRequest("NoSuchAction", "{}");
  assert.ok(status >= 400 && status < 500, `status ${status}: ${text}`);
  // Real SQS: UnknownOperationException (SQS API reference, Common Errors).
  assert.match(JSON.parse(text).__type ?? "", /UnknownOperation|InvalidAction/, text);
});

test("known error: __type names the shape, x-amzn-query-error carries the legacy code", async () => {
  const { status, headers, text } = await jsonRequest("GetQueueUrl", JSON.stringify({ QueueName: "conf-js-never-created" }));
  assert.equal(status, 400);
  assert.equal(JSON.parse(text).__type.split("#").pop(), "QueueDoesNotExist");
  assert.equal(headers.get("x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender");
});
