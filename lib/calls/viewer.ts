import type { ApiKeyContext } from "../api-keys/authenticate";
import type { AuditAction } from "../audit/actions";
import type { AuditChanges, AuditTarget } from "../audit/context";
import type { WorkspaceContext } from "../authz/context";
import type { Permission } from "../authz/permissions";
import type { KeyMode, Role } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";

/**
 * Who is reading calls: a member in the dashboard or an API key. Both come from the one
 * authorisation path (WorkspaceContext / ApiKeyContext); this is the part the call layer
 * needs, so the dashboard and /api/v1/calls run the same code.
 */
export interface CallViewer {
  workspace: { id: string; callerMasking: boolean };
  /** Live or test data: the key's mode, or the dashboard's data toggle. */
  mode: KeyMode;
  /** The member's role; null for API keys. */
  role: Role | null;
  can(permission: Permission): boolean;
  data<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, tx?: TenantTx): Promise<void>;
}

export function viewerFromApiKey(api: ApiKeyContext): CallViewer {
  return { workspace: api.workspace, mode: api.mode, role: null, can: api.can, data: api.data, audit: api.audit };
}

export function viewerFromMember(ctx: WorkspaceContext, mode: KeyMode): CallViewer {
  return { workspace: ctx.workspace, mode, role: ctx.membership.role, can: ctx.can, data: ctx.data, audit: ctx.audit };
}

/**
 * Full caller numbers (SPEC §5): only when the workspace has masking off, only with
 * `calls:read_unmasked`, and never for agents, whatever their overrides say. Keys cannot
 * carry the scope when their creator is an agent (lib/api-keys/keys.ts).
 */
export function seesFullNumbers(viewer: CallViewer): boolean {
  return !viewer.workspace.callerMasking && viewer.role !== "agent" && viewer.can("calls:read_unmasked");
}
