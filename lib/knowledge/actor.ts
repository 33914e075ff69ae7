import type { ApiKeyContext } from "../api-keys/authenticate";
import { AppError } from "../core/errors";
import type { AuditAction } from "../audit/actions";
import type { AuditChanges, AuditTarget } from "../audit/context";
import type { WorkspaceContext } from "../authz/context";
import type { Permission } from "../authz/permissions";
import type { KeyMode } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";

/**
 * Who adds to the knowledge base: a member in the dashboard or an API key, both from the one
 * authorisation path. This is the part lib/knowledge needs, so the page and the API run the
 * same code.
 */
export interface KnowledgeActor {
  workspace: { id: string };
  /** Which webhook endpoints hear about it: the key's mode; the dashboard is live. */
  mode: KeyMode;
  /** Shown as "added by": the member's email or the key's label. */
  label: string;
  userId: string | null;
  ip: string | null;
  can(permission: Permission): boolean;
  require(permission: Permission): Promise<void>;
  data<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, tx?: TenantTx): Promise<void>;
}

export function knowledgeActorFromMember(ctx: WorkspaceContext): KnowledgeActor {
  return {
    workspace: ctx.workspace,
    mode: "live",
    label: ctx.user.email,
    userId: ctx.user.id,
    ip: ctx.meta.ip ?? null,
    can: ctx.can,
    require: ctx.require,
    data: ctx.data,
    audit: ctx.audit,
  };
}

/** defineApiRoute has already checked the route's scope; `require` holds any other to the key's scopes. */
export function knowledgeActorFromApiKey(api: ApiKeyContext): KnowledgeActor {
  return {
    workspace: api.workspace,
    mode: api.mode,
    label: api.actor.type === "api_key" ? api.actor.label : "API key",
    userId: null,
    ip: api.meta.ip ?? null,
    can: api.can,
    require: async (p) => {
      if (!api.can(p)) throw new AppError("INSUFFICIENT_SCOPE", `This key lacks the "${p}" scope.`);
    },
    data: api.data,
    audit: api.audit,
  };
}
