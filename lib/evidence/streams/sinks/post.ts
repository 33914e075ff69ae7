import "server-only";
import { OutboundRefused, recordOutboundRefusal, safeFetch } from "../../../security/outbound";
import { redactSecret } from "../secret";
import type { SendContext, SendOutcome, SinkTarget } from "./types";

/** Of the receiver's answer, this much is kept for the dashboard's "last error". */
const EXCERPT = 200;

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - Date.now(), 3_600_000));
}

/**
 * One POST to an HTTP receiver through the SSRF-safe fetch (SPEC §8: the host checked and
 * pinned, redirects not followed). 2xx is acceptance; anything else — a 3xx included — is a
 * failure the worker retries. Policy refusals (the URL now resolves to a private address)
 * are also `outbound_refused` security events. The outcome's text never carries the secret.
 */
export async function postToReceiver(
  target: SinkTarget,
  url: string,
  request: { headers: Record<string, string>; body: string | Uint8Array },
  ctx: SendContext,
): Promise<SendOutcome> {
  try {
    const response = await safeFetch(url, { method: "POST", headers: request.headers, body: request.body, timeoutMs: ctx.timeoutMs, maxResponseBytes: 2048 });
    const ok = response.status >= 200 && response.status < 300;
    if (ok) return { ok, statusCode: response.status, error: null };
    const text = redactSecret(response.body.toString("utf8"), target.secret).replace(/\s+/g, " ").trim().slice(0, EXCERPT);
    return {
      ok: false,
      statusCode: response.status,
      error: `HTTP ${response.status}${response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : ""}${text ? `: ${text}` : ""}`,
      retryAfterMs: response.status === 429 || response.status === 503 ? retryAfterMs(response.headers["retry-after"]) : undefined,
    };
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    await recordOutboundRefusal(error, { workspaceId: target.workspaceId, purpose: "evidence_stream" });
    return { ok: false, statusCode: null, error: `${error.isPolicyRefusal ? "refused" : error.reason}: ${error.message}`.slice(0, 300) };
  }
}

/** The receiver's URL with `path` in place of a bare root (a base URL was given), else as given. */
export function withDefaultPath(base: string, path: string): string {
  const url = new URL(base);
  if (url.pathname === "/" || url.pathname === "") url.pathname = path;
  return url.toString();
}
