/**
 * Loopback receivers that speak each evidence-stream destination's protocol, as its real
 * counterpart answers it, and check what a real one would check: the webhook-style HMAC, the
 * HEC token, the Datadog API key, the S3 SigV4 signature (computed here from the AWS
 * specification, not by the SDK that made it). Used by evidence-streams.test.ts and
 * bench/streaming.ts. `down()` / `up()` simulate an outage on the same port.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface Receiver<T> {
  url: string;
  port: number;
  /** What was accepted, in arrival order. */
  accepted: T[];
  /** Requests refused (bad signature, token or key), with the reason. */
  refused: string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
type Handler<T> = (req: IncomingMessage, body: Buffer, accept: (item: T) => void, refuse: (reason: string) => void) => Answer;

async function startReceiver<T>(handler: Handler<T>): Promise<Receiver<T>> {
  const accepted: T[] = [];
  const refused: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = handler(req, Buffer.concat(chunks), (item) => accepted.push(item), (reason) => refused.push(reason));
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(answer.body);
    });
  };
  let server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let isUp = true;
  const stop = async () => {
    if (!isUp) return;
    isUp = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accepted,
    refused,
    down: stop,
    up: async () => {
      if (isUp) return;
      server = createServer(listener);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
      isUp = true;
    },
    close: stop,
  };
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : (v ?? "");
};

/**
 * HTTPS JSON lines, verified as a webhook receiver verifies (SPEC §4): t within 5 minutes of
 * the receiver's clock (`nowMs`, which a test moves with its own), any v1 matches.
 */
export function httpsReceiver(secret: () => string, nowMs: () => number = Date.now) {
  return startReceiver<{ batchId: string; source: string; records: Record<string, unknown>[]; arrivedAt: number }>((req, body, accept, refuse) => {
    const text = body.toString("utf8");
    const signature = header(req, "x-switchboard-signature");
    const t = /(?:^|,)t=(\d+)/.exec(signature)?.[1];
    const v1s = [...signature.matchAll(/v1=([0-9a-f]{64})/g)].map((m) => m[1]!);
    const expected = t ? createHmac("sha256", secret()).update(`${t}.${text}`).digest() : null;
    const fresh = t !== undefined && Math.abs(nowMs() / 1000 - Number(t)) <= 300;
    if (!expected || !fresh || !v1s.some((v) => timingSafeEqual(Buffer.from(v, "hex"), expected))) {
      refuse("bad signature");
      return { status: 400, body: '{"error":"bad signature"}' };
    }
    if (header(req, "content-type") !== "application/x-ndjson" || !text.endsWith("\n")) {
      refuse("not JSON lines");
      return { status: 415, body: "{}" };
    }
    const records = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    accept({ batchId: header(req, "x-switchboard-batch-id"), source: header(req, "x-switchboard-source"), records, arrivedAt: Date.now() });
    return { status: 200, body: '{"ok":true}' };
  });
}

/** Concatenated JSON objects (HEC's batch form) → the objects. */
export function splitConcatenatedJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  if (depth !== 0 || inString) throw new SyntaxError("truncated JSON");
  return out;
}

/** Splunk HEC: `POST /services/collector/event`, `Authorization: Splunk <token>`, events concatenated. */
export function splunkReceiver(token: string) {
  return startReceiver<{ time: number; host: string; source: string; sourcetype: string; index?: string; event: Record<string, unknown> }>((req, body, accept, refuse) => {
    if (req.method !== "POST" || req.url !== "/services/collector/event") return { status: 404, body: '{"text":"The requested URL was not found on this server.","code":404}' };
    if (header(req, "authorization") !== `Splunk ${token}`) {
      refuse("invalid token");
      return { status: 403, body: '{"text":"Invalid token","code":4}' };
    }
    let events: unknown[];
    try {
      events = splitConcatenatedJson(body.toString("utf8"));
    } catch {
      return { status: 400, body: '{"text":"Invalid data format","code":6}' };
    }
    for (const e of events as { time: number; host: string; source: string; sourcetype: string; event: Record<string, unknown> }[]) {
      if (typeof e.time !== "number" || typeof e.event !== "object" || !e.host || !e.sourcetype) return { status: 400, body: '{"text":"Event field is required","code":12}' };
    }
    for (const e of events) accept(e as never);
    return { status: 200, body: '{"text":"Success","code":0}' };
  });
}

/** Datadog logs intake: `POST /api/v2/logs`, `DD-API-KEY`, a JSON array; answers 202. */
export function datadogReceiver(apiKey: string) {
  return startReceiver<{ ddsource: string; ddtags: string; hostname: string; service: string; message: string }>((req, body, accept, refuse) => {
    if (req.method !== "POST" || req.url !== "/api/v2/logs") return { status: 404, body: "{}" };
    if (header(req, "dd-api-key") !== apiKey) {
      refuse("invalid api key");
      return { status: 403, body: '{"errors":[{"status":"403","title":"Forbidden","detail":"Invalid API key"}]}' };
    }
    const logs = JSON.parse(body.toString("utf8")) as unknown;
    if (!Array.isArray(logs) || logs.length > 1000) return { status: 400, body: '{"errors":[{"status":"400"}]}' };
    for (const l of logs) accept(l);
    return { status: 202, body: "{}" };
  });
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * AWS Signature Version 4 for S3, from the specification: canonical request, string to sign,
 * derived signing key. Answers why not, or null when the request is signed by `secretKey`.
 */
export function sigV4Problem(req: IncomingMessage, body: Buffer, accessKeyId: string, secretKey: string): string | null {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(header(req, "authorization"));
  if (!auth) return "no SigV4 authorization";
  const [, keyId, date, region, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
  if (keyId !== accessKeyId) return "unknown access key";
  const amzDate = header(req, "x-amz-date");
  if (!amzDate.startsWith(date)) return "x-amz-date does not match the credential scope";
  const payloadHash = header(req, "x-amz-content-sha256");
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body)) return "x-amz-content-sha256 does not match the body";
  const url = new URL(req.url ?? "/", "http://s3.local");
  const query = [...url.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)] as const).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const canonicalHeaders = names.map((n) => `${n}:${header(req, n).trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [req.method, url.pathname, query.map(([k, v]) => `${k}=${v}`).join("&"), canonicalHeaders, signedHeaders, payloadHash].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), "s3"), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return expected === signature ? null : "signature does not match";
}

export interface StoredObject {
  bucket: string;
  key: string;
  lines: Record<string, unknown>[];
  headers: IncomingMessage["headers"];
}

/** An S3-compatible bucket (path-style): PutObject with SigV4 checked; Object Lock headers kept. */
export function s3Receiver(bucket: string, accessKeyId: string, secretKey: string) {
  return startReceiver<StoredObject>((req, body, accept, refuse): Answer => {
    const problem = sigV4Problem(req, body, accessKeyId, secretKey);
    if (problem) {
      refuse(problem);
      return { status: 403, headers: { "content-type": "application/xml" }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>` };
    }
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://s3.local").pathname);
    const [, b, ...rest] = path.split("/");
    if (req.method !== "PUT" || b !== bucket) return { status: 404, headers: { "content-type": "application/xml" }, body: "<Error><Code>NoSuchBucket</Code></Error>" };
    const lock = header(req, "x-amz-object-lock-mode");
    if (lock && !header(req, "content-md5") && !Object.keys(req.headers).some((h) => h.startsWith("x-amz-checksum-"))) {
      return { status: 400, headers: { "content-type": "application/xml" }, body: "<Error><Code>InvalidRequest</Code><Message>Content-MD5 or a checksum is required with Object Lock</Message></Error>" };
    }
    const text = gunzipSync(body).toString("utf8");
    accept({ bucket, key: rest.join("/"), lines: text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>), headers: req.headers });
    return { status: 200, headers: { etag: `"${sha256(body).slice(0, 32)}"` }, body: "" };
  });
}
