import { recordSecurityEvent, requestFieldsOf } from "../audit/security-events";
import { AppError } from "../core/errors";
import { db } from "../db/client";
import { userIdOf, type Principal } from "./principal";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDS = 8;

/** The uuid-shaped values among a request's parameters or form fields: candidate object ids. */
export function objectIdCandidates(values: Iterable<unknown>): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    if (typeof value === "string" && UUID.test(value)) ids.add(value.toLowerCase());
    if (ids.size >= MAX_IDS) break;
  }
  return [...ids];
}

/**
 * After a request of `principal` answered NOT_FOUND (SPEC §2: another workspace's object is
 * 404, never 403): if one of the ids it named is an object of ANOTHER workspace, that is a
 * cross-tenant probe, and a security event in the caller's workspace (`authorization_denied`,
 * reason `other_workspace_object`, with the kind of object). The id is not stored: it is the
 * other workspace's. The lookup runs outside the tenant scope on purpose (RLS would hide the
 * row), only on this failure path, by primary key. An id that exists nowhere is an ordinary 404.
 */
export async function recordForeignObjectProbe(principal: Principal, ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const rows = await db().$queryRaw<{ kind: string }[]>`
    SELECT kind FROM (
      SELECT 'call' AS kind, workspace_id FROM calls WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'webhook_endpoint', workspace_id FROM webhook_endpoints WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'api_key', workspace_id FROM api_keys WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'phone_number', workspace_id FROM phone_numbers WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'member', workspace_id FROM memberships WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'group', workspace_id FROM groups WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'invitation', workspace_id FROM invitations WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'knowledge_document', workspace_id FROM knowledge_documents WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'agent_configuration', workspace_id FROM agent_configurations WHERE id = ANY(${ids}::uuid[])
      UNION ALL SELECT 'webhook_delivery', workspace_id FROM webhook_deliveries WHERE id = ANY(${ids}::uuid[])
    ) o WHERE o.workspace_id <> ${principal.workspace.id}::uuid LIMIT 1`;
  const found = rows[0];
  if (!found) return false;
  const key = principal.actor.type === "api_key" ? { key_id: principal.actor.keyId, key: principal.label } : {};
  await recordSecurityEvent({
    type: "authorization_denied",
    workspaceId: principal.workspace.id,
    userId: userIdOf(principal),
    ...requestFieldsOf(principal.meta),
    details: { reason: "other_workspace_object", object: found.kind, ...key },
  });
  return true;
}

/** Runs `fn`; when it answers NOT_FOUND, checks the ids for a cross-tenant probe first. */
export async function probingNotFound<T>(principal: Principal, values: () => Iterable<unknown>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      await recordForeignObjectProbe(principal, objectIdCandidates(values())).catch(() => false);
    }
    throw error;
  }
}
