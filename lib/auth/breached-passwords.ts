import "server-only";
import { createHash } from "node:crypto";
import { config } from "../config";
import { log } from "../log/logger";

/**
 * ASVS V6.2.12: new passwords are checked against Have I Been Pwned's Pwned Passwords
 * corpus through its range API (k-anonymity): only the first 5 hex characters of the
 * password's SHA-1 leave the machine, the ~800 suffixes sharing that prefix come back, and
 * the match is made here. `Add-Padding: true` makes every answer about the same size, so
 * the response length does not hint at the prefix either.
 *
 * Plain fetch, not lib/security/outbound's safeFetch: that client exists for URLs a tenant
 * chooses (webhooks, imports) and refuses loopback and private hosts. This host is fixed
 * (HIBP_API_URL, default api.pwnedpasswords.com), set by the operator and never by a user,
 * so there is no request forgery to stop — and a self-hosted mirror on a private address or
 * the tests' loopback stub must stay reachable. What we keep from safeFetch: a hard deadline
 * over the whole exchange and a cap on the body.
 *
 * The check is best-effort: when the service is off, unreachable, slow or answers oddly,
 * it is skipped and logged (never the password, its hash or its prefix), and the local rules
 * alone decide. Sign-up, reset or change never fails because a third party did.
 */

export const BREACH_CHECK_TIMEOUT_MS = 1_500;
/** A padded answer is ~1,000 lines of 40 bytes; anything far larger is not the range API. */
const MAX_RANGE_BYTES = 256 * 1024;
const USER_AGENT = "Switchboard-PasswordCheck/1";

export function sha1Hex(password: string): string {
  return createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
}

/** How often the suffix appears in a range answer (0 when absent; padding lines count 0). */
export function countInRange(body: string, suffix: string): number {
  for (const line of body.split("\n")) {
    const [lineSuffix, count] = line.trim().split(":");
    if (lineSuffix?.toUpperCase() === suffix) return Number.parseInt(count ?? "0", 10) || 0;
  }
  return 0;
}

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RANGE_BYTES) {
      await reader.cancel();
      throw new Error("range answer too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * How many times the password appears in the breached-password corpus, or null when the
 * check was skipped (turned off, or no usable answer within the deadline).
 */
export async function breachCount(
  password: string,
  options: { baseUrl?: string; timeoutMs?: number } = {},
): Promise<number | null> {
  const baseUrl = options.baseUrl ?? config().HIBP_API_URL;
  if (baseUrl === "off") return null;
  const timeoutMs = options.timeoutMs ?? BREACH_CHECK_TIMEOUT_MS;
  const hash = sha1Hex(password);
  const prefix = hash.slice(0, 5);
  const started = Date.now();
  const host = new URL(baseUrl).host;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(`${baseUrl}/range/${prefix}`, {
      headers: { "Add-Padding": "true", "User-Agent": USER_AGENT, Accept: "text/plain" },
      redirect: "error",
      signal,
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`status ${response.status}`);
    }
    return countInRange(await readCapped(response), hash.slice(5));
  } catch (error) {
    const reason = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError") ? "timeout" : "unavailable";
    const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    log().warn({ host, reason, detail, elapsedMs: Date.now() - started }, "breached-password check skipped");
    return null;
  }
}
