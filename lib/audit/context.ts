/** Who did it: a signed-in user, an API key, the system itself, or platform staff. */
export type Actor =
  | { type: "user"; userId: string; email: string }
  | { type: "api_key"; keyId: string; label: string }
  | { type: "system"; label: string }
  | { type: "staff"; staffId: string; email: string };

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditContext extends RequestMeta {
  actor: Actor;
  /** null: an event outside any workspace (kept in the "platform" chain). */
  workspaceId: string | null;
}

export interface AuditTarget {
  type: string;
  id?: string | null;
  label?: string | null;
}

export interface AuditChanges {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export function actorColumns(actor: Actor): { actorType: string; actorId: string | null; actorLabel: string | null } {
  switch (actor.type) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.email };
    case "api_key":
      return { actorType: "api_key", actorId: actor.keyId, actorLabel: actor.label };
    case "staff":
      return { actorType: "staff", actorId: actor.staffId, actorLabel: actor.email };
    case "system":
      return { actorType: "system", actorId: null, actorLabel: actor.label };
  }
}

export const PLATFORM_CHAIN = "platform";
export const chainKeyOf = (workspaceId: string | null) => workspaceId ?? PLATFORM_CHAIN;

/** The audit_logs columns every raw read selects as they are stored (snake_case, as SQL returns them). */
export interface AuditRowColumns {
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}
