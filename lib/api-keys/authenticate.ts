import type { RequestMeta } from "../audit/context";
import { recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import { AppError } from "../core/errors";
import { isPermission, type Permission } from "../authz/permissions";
import { keyRefusal, principalOf, type Principal } from "../authz/principal";
import { db } from "../db/client";
import { displayKey, hashKey, parseKey, type KeyMode, type KeyType } from "./format";
import { isIpAllowed } from "./ip-allowlist";
import { noteKeyUse } from "./last-used";

/** An API key acting in its workspace: the Principal every domain takes, plus the key. */
export interface ApiKeyContext extends Principal {
  key: { id: string; name: string; type: KeyType; mode: KeyMode; scopes: Permission[]; display: string };
  /** Origins a public key may be used from (CORS). */
  corsOrigins: string[];
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
}

/**
 * X-API-Key → key context. Malformed keys and bad checksums are refused before any database
 * work; otherwise one lookup by the SHA-256 of the whole key (unique index). Expired,
 * revoked, unknown keys and keys of a cancelled workspace all answer INVALID_API_KEY.
 */
export async function authenticateApiKey(header: string | null, meta: RequestMeta, now = new Date()): Promise<ApiKeyContext> {
  if (!header) throw invalid();
  const parsed = parseKey(header.trim());
  if (!parsed) throw invalid();
  // One round trip: the key and its workspace (a relation include would be two queries).
  const [found] = await db().$queryRaw<KeyRow[]>`
    SELECT k.id, k.name, k.type::text AS type, k.mode::text AS mode, k.scopes, k.prefix, k.last4, k.expires_at, k.revoked_at, k.allowed_cidrs,
           w.id AS workspace_id, w.slug, w.name AS workspace_name, w.cors_origins, w.caller_masking, w.cancelled_at, w.suspended_at
    FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
    WHERE k.key_hash = ${hashKey(header.trim())}`;
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
  noteKeyUse(row.id, now);
  const scopes = row.scopes.filter(isPermission);
  const display = displayKey(row.prefix, row.last4);
  const label = `${row.name} (${display})`;
  const { corsOrigins, ...workspace } = row.workspace;
  return principalOf(
    {
      actor: { type: "api_key", keyId: row.id, label },
      // Keys of a cancelled or suspended workspace never get here (above).
      workspace: { ...workspace, closure: null, suspension: null },
      mode: row.mode,
      role: null,
      label,
      meta,
      can: (p) => scopes.includes(p),
      eventDetails: { key: display },
      userId: null,
      refusal: keyRefusal,
    },
    { key: { id: row.id, name: row.name, type: row.type, mode: row.mode, scopes, display }, corsOrigins },
  );
}
