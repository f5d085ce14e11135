// Hand-signed (SigV4) requests, for what no SDK command can send.
import { createHash, createHmac } from "node:crypto";
import { ENDPOINT, REGION } from "./sqs.mjs";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

// Returns `headers` plus x-amz-date and the SigV4 authorization for POST / with `body`, signed for
// `service`. Every header given is signed (HTTP/2 callers pass ":authority" as the JS SDK does).
export function sign(headers, body, now, service = "sqs") {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const all = { ...headers, "x-amz-date": amzDate };
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  const canonical = ["POST", "/", "", ...names.map((n) => `${n}:${lower[n]}`), "", names.join(";"), sha256(body)].join("\n");
  const scope = `${day}/${REGION}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac("AWS4test", day);
  for (const part of [REGION, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return {
    ...all,
    authorization: `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}

// POSTs {body} with X-Amz-Target AmazonSQS.<target>; returns { status, headers, text }.
export async function jsonRequest(target, body) {
  const url = new URL(ENDPOINT);
  const headers = sign({
    host: url.host,
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `AmazonSQS.${target}`,
    "x-amzn-query-mode": "true",
  }, body, new Date());
  delete headers.host; // fetch sets Host itself, to the same value
  const response = await fetch(`${ENDPOINT}/`, { method: "POST", headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
