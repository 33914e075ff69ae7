import type { Actor, AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import type { AuditAction } from "../audit/actions";
import { recordAudit } from "../audit/record";
import { recordSecurityEventCoalesced } from "../audit/security-events";
import { AppError } from "../core/errors";
import { isPermission, type Permission } from "../authz/permissions";
import { db } from "../db/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import { displayKey, hashKey, parseKey, type KeyMode, type KeyType } from "./format";
import { noteKeyUse } from "./last-used";

export interface ApiKeyContext {
  actor: Actor;
  key: { id: string; name: string; type: KeyType; mode: KeyMode; scopes: Permission[]; display: string };
  workspace: { id: string; slug: string; name: string; corsOrigins: string[]; callerMasking: boolean };
  /** Live keys see live data only, test keys test data only. */
  mode: KeyMode;
  meta: RequestMeta;
  can(permission: Permission): boolean;
  data<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, tx?: TenantTx): Promise<void>;
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
    SELECT k.id, k.name, k.type::text AS type, k.mode::text AS mode, k.scopes, k.prefix, k.last4, k.expires_at, k.revoked_at,
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
      ip: meta.ip,
      details: { reason, key: displayKey(parsed.prefix, parsed.last4) },
    });
    throw invalid();
  }
  noteKeyUse(row.id, now);
  const scopes = row.scopes.filter(isPermission);
  const display = displayKey(row.prefix, row.last4);
  const actor: Actor = { type: "api_key", keyId: row.id, label: `${row.name} (${display})` };
  return {
    actor,
    key: { id: row.id, name: row.name, type: row.type, mode: row.mode, scopes, display },
    workspace: row.workspace,
    mode: row.mode,
    meta,
    can: (p) => scopes.includes(p),
    data: (fn) => inWorkspace(row.workspace.id, fn),
    audit: (action, target = null, changes = null, tx) => recordAudit({ actor, workspaceId: row.workspace.id, ...meta }, action, target, changes, tx),
  };
}
