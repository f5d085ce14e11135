// The suite's own MD5 code against the vectors in aws-wire.md §5 (no server needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { md5OfAttributes, md5OfBody } from "../lib/md5.mjs";

test("md5: body vector 'hello ünï & <x>'", () => {
  assert.equal(md5OfBody("hello ünï & <x>"), "85e5fa6543afffcd38478745239ac18f");
});

test("md5: attributes of String, Number, Binary and String.custom", () => {
  assert.equal(md5OfAttributes({
    attr1: { DataType: "String", StringValue: "v1 é" },
    n: { DataType: "Number", StringValue: "7" },
    b: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 255]) },
    c: { DataType: "String.custom", StringValue: "x" },
  }), "55434170cdf786d6460f7e771039f2b0");
});

test("md5: attribute names sorted by UTF-8 bytes", () => {
  const names = ["apple", "Banana", "_under", "ZED", "éclair", "a1", "A2", "b.c", "B-d"];
  const attributes = Object.fromEntries(names.map((n) => [n, { DataType: "String", StringValue: `v-${n}` }]));
  assert.equal(md5OfAttributes(attributes), "ce92c0b02a4cff3097c6cd9102c92a26");
});
