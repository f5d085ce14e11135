// A decoder of the AWS event-stream encoding (application/vnd.amazon.eventstream, aws-wire.md §7),
// independent of the SDK, that checks both CRC32s of every message. Each message: total length
// (uint32 BE), headers length (uint32 BE), CRC32 of those 8 bytes, the headers, the payload, then
// the CRC32 of everything before it. Each header: 1-byte name length, name, type byte, value.
import { crc32 } from "node:zlib";

function readHeaders(buffer) {
  const headers = {};
  let at = 0;
  while (at < buffer.length) {
    const nameLength = buffer.readUInt8(at);
    const name = buffer.subarray(at + 1, at + 1 + nameLength).toString("utf8");
    at += 1 + nameLength;
    const type = buffer.readUInt8(at);
    at += 1;
    let value;
    switch (type) {
      case 0: value = true; break;
      case 1: value = false; break;
      case 2: value = buffer.readInt8(at); at += 1; break;
      case 3: value = buffer.readInt16BE(at); at += 2; break;
      case 4: value = buffer.readInt32BE(at); at += 4; break;
      case 5: value = buffer.readBigInt64BE(at); at += 8; break;
      case 6: case 7: {
        const length = buffer.readUInt16BE(at);
        const bytes = buffer.subarray(at + 2, at + 2 + length);
        value = type === 7 ? bytes.toString("utf8") : Buffer.from(bytes);
        at += 2 + length;
        break;
      }
      case 8: value = new Date(Number(buffer.readBigInt64BE(at))); at += 8; break;
      case 9: value = buffer.subarray(at, at + 16).toString("hex"); at += 16; break;
      default: throw new Error(`event-stream header ${name}: unknown value type ${type}`);
    }
    headers[name] = value;
  }
  return headers;
}

// Splits `buffer` into complete messages; returns { messages: [{ headers, payload }], rest }.
// Throws on a CRC mismatch or an impossible length.
export function decodeMessages(buffer) {
  const messages = [];
  let at = 0;
  while (buffer.length - at >= 12) {
    const total = buffer.readUInt32BE(at);
    const headersLength = buffer.readUInt32BE(at + 4);
    if (total < 16 || headersLength > total - 16) throw new Error(`event-stream prelude: length ${total}, headers ${headersLength}`);
    if (crc32(buffer.subarray(at, at + 8)) !== buffer.readUInt32BE(at + 8)) throw new Error("event-stream prelude CRC mismatch");
    if (buffer.length - at < total) break;
    const message = buffer.subarray(at, at + total);
    if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error("event-stream message CRC mismatch");
    messages.push({
      headers: readHeaders(message.subarray(12, 12 + headersLength)),
      payload: Buffer.from(message.subarray(12 + headersLength, total - 4)),
    });
    at += total;
  }
  return { messages, rest: buffer.subarray(at) };
}
