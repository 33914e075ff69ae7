/**
 * Key posture (issue 19): what is worth a second look about an active key, as a list of
 * flags the keys page shows as text badges. Each flag is one rule below; rules that need the
 * request log (scopes wider than their use, a change of network) are added to POSTURE_RULES
 * by lib/request-logs with the facts they read in `KeyPostureFacts.usage` — the page renders
 * whatever the list holds.
 */
export type PostureFlagName = "never_used" | "unused_90_days" | "no_expiry" | "beyond_max_lifetime" | (string & {});

export interface PostureFlag {
  flag: PostureFlagName;
  /** The badge's text: short, says the fact. */
  label: string;
  /** One sentence: why it matters and what to do. */
  detail: string;
  tone: "warning" | "info";
}

export interface KeyPostureFacts {
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The workspace's maximum lifetime of new keys (days), if any. */
  maxLifetimeDays: number | null;
  /** Facts from the request log, for rules that need them (filled by their owner). */
  usage?: Record<string, unknown>;
}

export type PostureRule = (key: KeyPostureFacts, now: Date) => PostureFlag | null;

const DAY_MS = 86_400_000;
export const UNUSED_AFTER_DAYS = 90;

const neverUsed: PostureRule = (k) =>
  k.lastUsedAt
    ? null
    : { flag: "never_used", label: "Never used", detail: "No request has used this key. If nothing needs it, revoke it: an unused key is only a risk.", tone: "info" };

const unused90: PostureRule = (k, now) =>
  k.lastUsedAt && now.getTime() - k.lastUsedAt.getTime() >= UNUSED_AFTER_DAYS * DAY_MS
    ? { flag: "unused_90_days", label: `Unused for ${UNUSED_AFTER_DAYS}+ days`, detail: `Last used more than ${UNUSED_AFTER_DAYS} days ago. Revoke it if whatever used it is gone.`, tone: "warning" }
    : null;

const noExpiry: PostureRule = (k) =>
  k.expiresAt
    ? null
    : { flag: "no_expiry", label: "No expiry", detail: "This key works until someone revokes it. Roll it into a key with an expiry.", tone: "warning" };

const beyondMaxLifetime: PostureRule = (k) =>
  k.maxLifetimeDays !== null && k.expiresAt && k.expiresAt.getTime() - k.createdAt.getTime() > k.maxLifetimeDays * DAY_MS
    ? {
        flag: "beyond_max_lifetime",
        label: "Longer than the workspace allows",
        detail: `Created before the ${k.maxLifetimeDays}-day maximum lifetime was set; a roll gives it an allowed expiry.`,
        tone: "warning",
      }
    : null;

/** The rules in the order their badges appear. Add rules here; keep each a small function. */
export const POSTURE_RULES: PostureRule[] = [neverUsed, unused90, noExpiry, beyondMaxLifetime];

/** The flags of one key; revoked and expired keys have none (they cannot be used). */
export function keyPosture(key: KeyPostureFacts, now = new Date(), rules: readonly PostureRule[] = POSTURE_RULES): PostureFlag[] {
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return [];
  return rules.map((rule) => rule(key, now)).filter((f): f is PostureFlag => f !== null);
}
