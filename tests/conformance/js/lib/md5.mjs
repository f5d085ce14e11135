// Expected SQS checksums, computed independently of the server under test.
// The attribute algorithm is the one in shared/reference/aws-wire.md §5.
import { createHash } from "node:crypto";

export function md5OfBody(body) {
  return createHash("md5").update(Buffer.from(body, "utf8")).digest("hex");
}

function lengthPrefixed(buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(buffer.length);
  return Buffer.concat([length, buffer]);
}

// MD5OfMessageAttributes for { name: { DataType, StringValue | BinaryValue } };
// undefined for no attributes, as SQS then omits the field.
export function md5OfAttributes(attributes) {
  const names = Object.keys(attributes ?? {});
  if (names.length === 0) return undefined;
  // Ordinal order of the UTF-8 bytes, not JavaScript's UTF-16 order.
  names.sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  const hash = createHash("md5");
  for (const name of names) {
    const attribute = attributes[name];
    hash.update(lengthPrefixed(Buffer.from(name, "utf8")));
    hash.update(lengthPrefixed(Buffer.from(attribute.DataType, "utf8")));
    if (attribute.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(Buffer.from(attribute.BinaryValue)));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(attribute.StringValue, "utf8")));
    }
  }
  return hash.digest("hex");
}
