// SQS-specific assertions shared by the JS tests.
import assert from "node:assert/strict";
import { queueAttributes, sleep } from "./sqs.mjs";

// Shape name -> legacy Query code (aws-wire.md §4); the JS SDK exposes the
// shape as error.name and the legacy code (from x-amzn-query-error) as error.Code.
const LEGACY = {
  QueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue",
  QueueNameExists: "QueueAlreadyExists",
  PurgeQueueInProgress: "AWS.SimpleQueueService.PurgeQueueInProgress",
  BatchEntryIdsNotDistinct: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
  BatchRequestTooLong: "AWS.SimpleQueueService.BatchRequestTooLong",
  EmptyBatchRequest: "AWS.SimpleQueueService.EmptyBatchRequest",
  InvalidBatchEntryId: "AWS.SimpleQueueService.InvalidBatchEntryId",
  TooManyEntriesInBatchRequest: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
};

// Awaits `promise`, expecting an SQS error named by one of `shapes` with a 4xx status.
export async function assertSqsError(promise, ...shapes) {
  const accepted = new Set(shapes.flatMap((s) => [s, `${s}Exception`, LEGACY[s] ?? s]));
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${shapes.join(" or ")} but the request succeeded`);
  const codes = [error.name, error.Code, error.Error?.Code].filter(Boolean);
  assert.ok(codes.some((c) => accepted.has(c)),
    `error ${JSON.stringify(codes)} (${error.message}) is not ${[...accepted].join(" / ")}`);
  const status = error.$metadata?.httpStatusCode;
  assert.ok(status >= 400 && status < 500, `HTTP status ${status} is not a client error`);
  return error;
}

// Retries `check` until it stops throwing an assertion error (real SQS counters lag).
export async function eventually(check, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof assert.AssertionError) || Date.now() >= deadline) throw error;
      await sleep(200);
    }
  }
}

export async function assertCounts(url, visible, notVisible, delayed) {
  await eventually(async () => {
    const a = await queueAttributes(url, "ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed");
    assert.deepEqual(
      [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible,
        a.ApproximateNumberOfMessagesDelayed].map(Number),
      [visible, notVisible, delayed], "(visible, not visible, delayed)");
  });
}
