// Tests of features the server does not serve yet (tests/conformance/pending.txt): skipped with that reason,
// so they show as skipped, never as passed. Import { test } from here instead of node:test.
import { readFileSync, existsSync } from "node:fs";
import { test as nodeTest } from "node:test";

const file = new URL("../../pending.txt", import.meta.url);
const entries = existsSync(file)
  ? readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
  : [];

export function isPending(title) {
  return entries.some((entry) => title.startsWith(entry));
}

export function test(title, ...rest) {
  return isPending(title)
    ? nodeTest(title, { skip: "pending (tests/conformance/pending.txt): not served by Shoal yet" }, ...rest.filter((r) => typeof r === "function"))
    : nodeTest(title, ...rest);
}
