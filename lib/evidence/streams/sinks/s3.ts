import "server-only";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { chainKeyOf } from "../../../audit/context";
import { OutboundRefused, recordOutboundRefusal, safeFetch } from "../../../security/outbound";
import type { S3Settings } from "../kinds";
import type { StreamBatch } from "../records";
import { redactSecret } from "../secret";
import { jsonLines } from "./https";
import type { Sink, SinkTarget } from "./types";

type Sdk = typeof import("@aws-sdk/client-s3");
let sdk: Promise<Sdk> | undefined;
/** Loaded on first use, like lib/storage/s3-store.ts: deployments without S3 streams never load it. */
const loadSdk = () => (sdk ??= import("@aws-sdk/client-s3"));

/** RFC 3986 query encoding, the form SigV4 canonicalises (the SDK signed the decoded values). */
const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface SdkRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new TypeError("unsupported S3 request body");
}

/**
 * The SDK's transport, replaced by the SSRF-safe fetch (SPEC §8): the SDK builds and signs
 * (SigV4) each request, and it leaves over a connection pinned to a checked address, with
 * a deadline and no redirects — the same rules as every other outbound request. A policy
 * refusal is thrown to the sink, which records it.
 */
function safeRequestHandler(timeoutMs: number) {
  return {
    metadata: { handlerProtocol: "http/1.1" },
    async handle(request: SdkRequest) {
      const query = Object.entries(request.query ?? {})
        .flatMap(([k, v]) => (v === null ? [escape(k)] : (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`)))
        .join("&");
      const port = request.port ? `:${request.port}` : "";
      const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ""}`;
      // Expect: 100-continue is unsigned and our bodies are small: send them at once.
      const { expect: _expect, ...headers } = request.headers;
      const response = await safeFetch(url, { method: request.method, headers, body: await bodyBytes(request.body), timeoutMs, maxResponseBytes: 16 * 1024 });
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
      return { response: { statusCode: response.status, reason: undefined, headers: flat, body: Readable.from([response.body]) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

const pad = (n: bigint) => n.toString().padStart(12, "0");

/**
 * `<prefix>/<workspace>/<stream>/<yyyy>/<mm>/<dd>/<source>-<first-seq>-<last-seq>.jsonl.gz`,
 * dated by the batch's first record (UTC). Seqs are zero-padded so keys list in order; the
 * source keeps audit seqs and security-event ids from colliding.
 */
export function objectKeyOf(target: Pick<SinkTarget, "id" | "workspaceId">, batch: StreamBatch, prefix: string): string {
  const first = batch.records[0];
  const last = batch.records.at(-1);
  if (!first || !last) throw new RangeError("an empty batch has no object");
  const day = first.at.toISOString().slice(0, 10).split("-").join("/");
  const parts = [prefix, chainKeyOf(target.workspaceId), target.id, day, `${batch.source}-${pad(first.cursor)}-${pad(last.cursor)}.jsonl.gz`];
  return parts.filter(Boolean).join("/");
}

/**
 * S3-compatible objects (decision 038): one gzip-compressed JSON-lines object per batch, with
 * Object Lock retention (`x-amz-object-lock-mode`, `-retain-until-date`) when the
 * destination sets one — so a compromised Switchboard cannot rewrite what was delivered.
 */
export const sendS3: Sink = async (target, batch, ctx) => {
  const settings = target.settings as S3Settings;
  const { S3Client, PutObjectCommand } = await loadSdk();
  const client = new S3Client({
    region: settings.region,
    endpoint: target.url,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: target.secret },
    // The stream's own backoff retries; the SDK's would hide the failure and hold the claim.
    maxAttempts: 1,
    requestHandler: safeRequestHandler(ctx.timeoutMs) as unknown as S3ClientConfig["requestHandler"],
  });
  const retention =
    settings.retentionMode && settings.retentionDays
      ? { ObjectLockMode: settings.retentionMode, ObjectLockRetainUntilDate: new Date(ctx.now.getTime() + settings.retentionDays * 86_400_000) }
      : {};
  try {
    const out = await client.send(
      new PutObjectCommand({
        Bucket: settings.bucket,
        Key: objectKeyOf(target, batch, settings.prefix),
        Body: gzipSync(jsonLines(batch.records)),
        ContentType: "application/x-ndjson",
        ContentEncoding: "gzip",
        ...retention,
      }),
    );
    return { ok: true, statusCode: out.$metadata.httpStatusCode ?? 200, error: null };
  } catch (error) {
    if (error instanceof OutboundRefused) {
      await recordOutboundRefusal(error, { workspaceId: target.workspaceId, purpose: "evidence_stream" });
      return { ok: false, statusCode: null, error: `${error.isPolicyRefusal ? "refused" : error.reason}: ${error.message}`.slice(0, 300) };
    }
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode ?? null;
    const text = redactSecret(`${e.name ?? "Error"}: ${e.message ?? ""}`, target.secret).slice(0, 250);
    return { ok: false, statusCode: status, error: status ? `HTTP ${status}: ${text}` : text };
  } finally {
    client.destroy();
  }
};
