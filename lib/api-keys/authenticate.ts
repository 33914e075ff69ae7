import type { RequestMeta } from "../audit/context";
import { recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import { AppError } from "../core/errors";
import { isPermission, type Permission } from "../authz/permissions";
import { keyRefusal, principalOf, type Authority, type Principal } from "../authz/principal";
import { db } from "../db/client";
import { assertAuthEpoch, AUTH_EPOCH_SQL } from "../db/scoped";
import { displayKey, hashKey, parseKey, type KeyMode, type KeyType } from "./format";
import { isIpAllowed } from "./ip-allowlist";
import { noteKeyUse } from "./last-used";

/** An API key acting in its workspace: the Principal every domain takes, plus the key. */
export interface ApiKeyContext extends Principal {
  key: { id: string; name: string; type: KeyType; mode: KeyMode; scopes: Permission[]; display: string };
  /** Origins a public key may be used from (CORS). */
  corsOrigins: string[];
  /**
   * Resolves once the key's standing is known current: at once for a key read from the
   * database in this request; for one from the verified-key cache, when the epoch read in the
   * request matches (decision 054), StaleAuthorityError otherwise.
   */
  confirm(): Promise<void>;
}

const invalid = () => new AppError("INVALID_API_KEY");

interface KeyRow {
  id: string;
  name: string;
  type: KeyType;
  mode: KeyMode;
  scopes: string[];
  prefix: string;
  last4: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  allowed_cidrs: string[] | null;
  workspace_id: string;
  slug: string;
  workspace_name: string;
  cors_origins: string[];
  caller_masking: boolean;
  cancelled_at: Date | null;
  suspended_at: Date | null;
  /** The authorisation epoch, read in the same statement (one snapshot) as the row. */
  epoch: string | null;
}

/**
 * The verified-key cache (decision 054): per process, by the key's SHA-256, the row as read
 * with the epoch of the same snapshot. Only keys that were valid are kept; an entry is used
 * only with an Authority that re-reads the epoch before the request reads, writes or refuses
 * anything, so a stale entry never authorises. Bounded; the oldest entries go first.
 */
const CACHE_LIMIT = 10_000;
const globalForKeys = globalThis as unknown as { __switchboardVerifiedKeys?: Map<string, KeyRow> };
const verifiedKeys = (): Map<string, KeyRow> => (globalForKeys.__switchboardVerifiedKeys ??= new Map());

function remember(hash: string, row: KeyRow): void {
  const cache = verifiedKeys();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(hash, row);
}

/** Drops a cached key (its epoch moved, or it refused). */
export function forgetVerifiedKey(header: string): void {
  verifiedKeys().delete(hashKey(header.trim()));
}

/** Tests: an empty cache, as in a fresh process. */
export function clearVerifiedKeysForTests(): void {
  verifiedKeys().clear();
}

function authorityAt(epoch: string): Authority {
  const authority: Authority = {
    epoch,
    confirmed: false,
    confirm: async () => {
      if (authority.confirmed) return;
      await assertAuthEpoch(epoch);
      authority.confirmed = true;
    },
  };
  return authority;
}

/**
 * X-API-Key → key context. Malformed keys and bad checksums are refused before any database
 * work; otherwise one lookup by the SHA-256 of the whole key (unique index). Expired,
 * revoked, unknown keys and keys of a cancelled workspace all answer INVALID_API_KEY.
 */
export async function authenticateApiKey(
  header: string | null,
  meta: RequestMeta,
  now = new Date(),
  options: { cached?: boolean } = {},
): Promise<ApiKeyContext> {
  if (!header) throw invalid();
  const parsed = parseKey(header.trim());
  if (!parsed) throw invalid();
  const hash = hashKey(header.trim());
  const hit = options.cached ? verifiedKeys().get(hash) : undefined;
  // A cached key is used only when it would pass every check below; anything it would refuse
  // is decided on a fresh read (the refusal's event and answer must be current).
  if (hit?.epoch && (!hit.expires_at || hit.expires_at > now) && isIpAllowed(meta.ip ?? "unknown", hit.allowed_cidrs ?? [])) {
    return contextOf(hit, meta, now, authorityAt(hit.epoch));
  }
  // One round trip: the key, its workspace (a relation include would be two queries) and the epoch.
  const [found] = await db().$queryRawUnsafe<KeyRow[]>(
    `SELECT k.id, k.name, k.type::text AS type, k.mode::text AS mode, k.scopes, k.prefix, k.last4, k.expires_at, k.revoked_at, k.allowed_cidrs,
            w.id AS workspace_id, w.slug, w.name AS workspace_name, w.cors_origins, w.caller_masking, w.cancelled_at, w.suspended_at,
            ${AUTH_EPOCH_SQL} AS epoch
     FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
     WHERE k.key_hash = $1`,
    hash,
  );
  if (options.cached) verifiedKeys().delete(hash);
  const row = found
    ? {
        id: found.id, name: found.name, type: found.type, mode: found.mode, scopes: found.scopes, prefix: found.prefix, last4: found.last4,
        expiresAt: found.expires_at, revokedAt: found.revoked_at, workspaceClosed: found.cancelled_at !== null, workspaceSuspended: found.suspended_at !== null,
        workspace: { id: found.workspace_id, slug: found.slug, name: found.workspace_name, corsOrigins: found.cors_origins, callerMasking: found.caller_masking },
      }
    : null;
  // A cancelled or suspended workspace's keys stop at once (decisions 017, 019) and work
  // again on reactivation.
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.workspaceClosed || row.workspaceSuspended) {
    const reason = !row
      ? "unknown"
      : row.revokedAt
        ? "revoked"
        : row.workspaceSuspended
          ? "workspace_suspended"
          : row.workspaceClosed
            ? "workspace_cancelled"
            : "expired";
    await recordSecurityEventCoalesced(`badkey:${meta.ip}`, {
      type: "invalid_api_key",
      workspaceId: row?.workspace.id ?? null,
      ...requestFieldsOf(meta),
      details: { reason, key: displayKey(parsed.prefix, parsed.last4) },
    });
    throw invalid();
  }
  // The key is good, but not from here (decision 041): 403, and news to the key's workspace.
  // The address is the one client-ip.ts resolved (TRUST_PROXY_HOPS), never a header as sent.
  const allowedCidrs = found!.allowed_cidrs ?? [];
  if (!isIpAllowed(meta.ip ?? "unknown", allowedCidrs)) {
    const display = displayKey(row.prefix, row.last4);
    await recordSecurityEventCoalesced(`ipdeny:${row.id}:${meta.ip}`, {
      type: "ip_not_allowed",
      workspaceId: row.workspace.id,
      ...requestFieldsOf(meta),
      details: { key_id: row.id, key: display },
    });
    throw new AppError("IP_NOT_ALLOWED");
  }
  if (options.cached && found!.epoch) remember(hash, found!);
  return contextOf(found!, meta, now);
}

/** The context of a key that passed every check (read now, or from the cache with `authority`). */
function contextOf(found: KeyRow, meta: RequestMeta, now: Date, authority?: Authority): ApiKeyContext {
  const scopes = found.scopes.filter(isPermission);
  const display = displayKey(found.prefix, found.last4);
  const label = `${found.name} (${display})`;
  const workspace = { id: found.workspace_id, slug: found.slug, name: found.workspace_name, callerMasking: found.caller_masking };
  // A cached key's use is noted once its standing is confirmed.
  const confirm = authority
    ? async () => {
        await authority.confirm();
        noteKeyUse(found.id, now);
      }
    : async () => {};
  if (!authority) noteKeyUse(found.id, now);
  return principalOf(
    {
      actor: { type: "api_key", keyId: found.id, label },
      // Keys of a cancelled or suspended workspace never get here (above).
      workspace: { ...workspace, closure: null, suspension: null },
      mode: found.mode,
      role: null,
      label,
      meta,
      can: (p) => scopes.includes(p),
      eventDetails: { key: display },
      userId: null,
      refusal: keyRefusal,
      authority,
    },
    { key: { id: found.id, name: found.name, type: found.type, mode: found.mode, scopes, display }, corsOrigins: found.cors_origins, confirm },
  );
}
