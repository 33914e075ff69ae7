import { z } from "zod";
import { displayKey, hashKey, parseKey } from "../format";
import { recordAudit } from "../../audit/record";
import { recordSecurityEvent, recordSecurityEventCoalesced } from "../../audit/security-events";
import { AppError } from "../../core/errors";
import { db } from "../../db/client";
import { sendEmail } from "../../email/send";
import { log } from "../../log/logger";
import { checkRateLimit, rateLimitHeaders } from "../../security/rate-limit/limiter";
import { leakedKeyEmail } from "./email";
import { KEY_ID_HEADER, SIGNATURE_HEADER, signingKeys, verifyReportSignature } from "./signature";

/**
 * POST /api/security/leaked-keys (SPEC §3, decision 042): GitHub's secret-scanning partner
 * reports. Verified over the raw body first; then every reported token that is one of our
 * keys and still live is revoked at once (audited as the system, a security event in its
 * workspace, its owners emailed with where it was found). The answer is GitHub's feedback
 * format: each token labelled true_positive (ours) or false_positive (not ours).
 */
export const LEAK_REPORT_BODY_LIMIT_BYTES = 512 * 1024;
const ACTOR = { type: "system", label: "GitHub secret scanning" } as const;

const reportSchema = z
  .array(
    z
      .object({
        token: z.string().max(1000),
        type: z.string().max(200),
        url: z.string().max(2000).optional(),
        source: z.string().max(100).optional(),
      })
      .loose(),
  )
  .min(1)
  .max(1000);

export interface LeakFeedback {
  token_raw: string;
  token_type: string;
  label: "true_positive" | "false_positive";
}

export interface LeakReportMeta {
  ip: string;
  requestId: string;
  userAgent: string | null;
}

/** Where it was found, as the email and the audit row say it: bounded, one line, no control characters. */
const where = (text: string | undefined) => (text ?? "").replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, 500) || null;

async function refuseReport(meta: LeakReportMeta, reason: string, error: AppError): Promise<never> {
  await recordSecurityEventCoalesced(`leak-report:${meta.ip}`, {
    type: "invalid_signature",
    ip: meta.ip,
    requestId: meta.requestId,
    userAgent: meta.userAgent,
    details: { kind: "github_secret_scanning", reason },
  });
  throw error;
}

type Outcome = "revoked" | "already_revoked" | "expired" | "not_ours";

/** One reported token: the key it is (by hash, across workspaces: a system path), revoked if live. */
async function handleToken(token: string, item: { type: string; url?: string; source?: string }, meta: LeakReportMeta, now: Date): Promise<Outcome> {
  const parsed = parseKey(token);
  // A checksum that fails is not a key we issued: no lookup.
  if (!parsed) return "not_ours";
  const key = await db().apiKey.findUnique({
    where: { keyHash: hashKey(token) },
    select: { id: true, name: true, workspaceId: true, mode: true, prefix: true, last4: true, revokedAt: true, expiresAt: true, workspace: { select: { name: true, slug: true } } },
  });
  if (!key) return "not_ours";
  const display = displayKey(key.prefix, key.last4);
  const found = { url: where(item.url), source: where(item.source), type: where(item.type) };
  const outcome: Outcome = await db().$transaction(async (tx) => {
    if (key.revokedAt) return "already_revoked";
    if (key.expiresAt && key.expiresAt <= now) return "expired";
    // Only the first of concurrent reports of one key revokes (and is audited and emailed).
    const revoked = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: now, revokedReason: "leaked" } });
    if (revoked.count === 0) return "already_revoked";
    await recordAudit(
      { actor: ACTOR, workspaceId: key.workspaceId, ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId },
      "api_key.revoked",
      { type: "api_key", id: key.id, label: `${key.name} (${display})` },
      { reason: "leaked", after: { revoked_at: now.toISOString(), found_at: found.url, source: found.source, reported_type: found.type } },
      tx,
    );
    return "revoked";
  });
  await recordSecurityEvent({
    type: "api_key_leaked",
    workspaceId: key.workspaceId,
    ip: meta.ip,
    requestId: meta.requestId,
    userAgent: meta.userAgent,
    details: { key_id: key.id, key: display, outcome, found_at: found.url, source: found.source, reporter: "github_secret_scanning" },
  });
  if (outcome === "revoked") await emailOwners(key, display, found);
  return outcome;
}

async function emailOwners(
  key: { workspaceId: string; name: string; mode: string; workspace: { name: string; slug: string } },
  display: string,
  found: { url: string | null; source: string | null },
) {
  const owners = await db().membership.findMany({ where: { workspaceId: key.workspaceId, role: "owner" }, select: { user: { select: { email: true } } } });
  for (const { user } of owners) {
    try {
      await sendEmail(leakedKeyEmail(user.email, { workspaceName: key.workspace.name, slug: key.workspace.slug, keyName: key.name, display, mode: key.mode, ...found }));
    } catch (error) {
      // The key is revoked either way; the security event and audit row remain the record.
      log().warn({ err: error }, "could not email a workspace owner about a leaked key");
    }
  }
}

export async function handleLeakReport(body: () => Promise<Buffer>, headers: Headers, meta: LeakReportMeta, now = new Date()) {
  const keys = signingKeys();
  if (!keys) throw new AppError("NOT_FOUND");
  const rate = await checkRateLimit("leakedKeyReports", meta.ip);
  if (!rate.success) {
    await recordSecurityEventCoalesced(`rl:leakedKeyReports:${meta.ip}`, { type: "rate_limited", ip: meta.ip, requestId: meta.requestId, userAgent: meta.userAgent, details: { policy: "leakedKeyReports" } });
    const limited = rateLimitHeaders(rate);
    throw new AppError("RATE_LIMITED", undefined, { retryAfterSeconds: Number(limited["Retry-After"]), headers: limited });
  }
  const raw = await body();
  const refusal = verifyReportSignature(raw, headers.get(KEY_ID_HEADER), headers.get(SIGNATURE_HEADER), keys);
  if (refusal === "unsigned" || refusal === "malformed_signature") {
    await refuseReport(meta, refusal, new AppError("VALIDATION_FAILED", "Leaked-key reports must carry the Github-Public-Key-Identifier and Github-Public-Key-Signature headers.", { details: [{ field: "headers", issue: refusal }] }));
  }
  if (refusal) await refuseReport(meta, refusal, new AppError("UNAUTHENTICATED", "The report's signature does not verify against a configured secret-scanning public key."));
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AppError("INVALID_JSON");
  }
  const report = reportSchema.safeParse(parsedBody);
  if (!report.success) throw new AppError("VALIDATION_FAILED", "A report is a JSON array of {token, type, url, source}.");
  const outcomes = new Map<string, Outcome>();
  const feedback: LeakFeedback[] = [];
  for (const item of report.data) {
    const token = item.token.trim();
    let outcome = outcomes.get(token);
    if (!outcome) {
      outcome = await handleToken(token, item, meta, now);
      outcomes.set(token, outcome);
    }
    // Ours, live or not, is a true positive: the token is real and public.
    feedback.push({ token_raw: item.token, token_type: item.type, label: outcome === "not_ours" ? "false_positive" : "true_positive" });
  }
  log().info({ reported: feedback.length, revoked: [...outcomes.values()].filter((o) => o === "revoked").length }, "leaked-key report handled");
  return feedback;
}
