import type { AuditAction } from "../audit/actions";
import type { Actor, AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { recordSecurityEvent, requestFieldsOf } from "../audit/security-events";
import { AppError, type ErrorDetail } from "../core/errors";
import type { KeyMode, Role } from "../db/generated/client";
import { inWorkspace, type TenantTx } from "../db/scoped";
import type { WorkspaceClosure, WorkspaceSuspension } from "../workspaces/lifecycle";
import { ForbiddenError } from "./errors";
import type { Permission } from "./permissions";

/** The workspace a principal acts in, as every domain sees it. */
export interface PrincipalWorkspace {
  id: string;
  slug: string;
  name: string;
  callerMasking: boolean;
  /** Set while cancelled and awaiting deletion (decision 017): read-only. */
  closure: WorkspaceClosure | null;
  /** Set while platform staff hold it suspended (decision 019): read-only. */
  suspension: WorkspaceSuspension | null;
}

/** What a denial is about: a permission, or ownership (which no permission grants). */
export type Denied = Permission | "owner";

/**
 * The one caller type every domain function takes: a member in the dashboard or an API
 * key, both produced by the one authorisation path of their kind (authorizeMember,
 * authenticateApiKey). A domain asks `can` to decide what to show, `require` to refuse,
 * and never looks at which kind of caller it has beyond `role` (null for keys).
 */
export interface Principal {
  actor: Actor;
  workspace: PrincipalWorkspace;
  /** Live or test data: the key's mode, or the dashboard's data toggle (`inMode`). */
  mode: KeyMode;
  /** The member's role; null for API keys. */
  role: Role | null;
  /** Shown as "by": the member's email or the key's name and display form. */
  label: string;
  meta: RequestMeta;
  can(permission: Permission): boolean;
  /** Resolves when the permission is held; otherwise `deny(permission, "missing")`. */
  require(permission: Permission): Promise<void>;
  /** The one way a refusal happens: a security event, then the caller kind's error. */
  deny(permission: Denied, reason: string, message?: string, details?: ErrorDetail[]): Promise<never>;
  /** Owners only (workspace export, closing and reopening): anyone else is denied. */
  requireOwner(what: string): Promise<void>;
  /** Runs `fn` in this workspace's RLS-scoped transaction. */
  data<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, tx?: TenantTx): Promise<void>;
  /** The same principal reading the other data mode (the dashboard's live/test toggle). */
  inMode(mode: KeyMode): Principal;
}

/** What an authentication step found; principalOf adds the behaviour every principal shares. */
interface PrincipalParts extends Pick<Principal, "actor" | "workspace" | "mode" | "role" | "label" | "meta" | "can"> {
  /** Extra fields of the security event (the key's display form, for keys). */
  eventDetails: Record<string, string>;
  userId: string | null;
  /** The error a denial throws for this kind of caller. */
  refusal(permission: Denied, message?: string, details?: ErrorDetail[]): AppError;
  /** Set when the principal came from a cache (decision 054): checked before anything acts on it. */
  authority?: Authority;
}

/**
 * A principal verified earlier, at authorisation epoch `epoch` (decision 054). Until
 * `confirmed`, nothing is read, audited or refused on its word: `data` reads the epoch in
 * its first statement, `audit` and `deny` confirm first, and a moved epoch throws
 * StaleAuthorityError, on which the entry layer authenticates again from the database.
 */
export interface Authority {
  epoch: string;
  confirmed: boolean;
  /** Resolves once the epoch is known unchanged (one round trip, at most once); StaleAuthorityError otherwise. */
  confirm(): Promise<void>;
}

/** Builds the shared behaviour of a principal from what its authentication step found. */
export function principalOf<Extra extends object>(parts: PrincipalParts, extra: Extra): Principal & Extra {
  const { actor, workspace, meta } = parts;
  const { authority } = parts;
  const confirmed = async () => {
    if (authority && !authority.confirmed) await authority.confirm();
  };
  const deny = async (permission: Denied, reason: string, message?: string, details?: ErrorDetail[]): Promise<never> => {
    await confirmed();
    await recordSecurityEvent({
      type: "authorization_denied",
      workspaceId: workspace.id,
      userId: parts.userId,
      ...requestFieldsOf(meta),
      details: { permission, reason, ...parts.eventDetails },
    });
    throw parts.refusal(permission, message, details);
  };
  const build = (mode: KeyMode): Principal & Extra => {
    const principal: Principal & Extra = {
      ...extra,
      actor,
      workspace,
      mode,
      role: parts.role,
      label: parts.label,
      meta,
      can: parts.can,
      require: async (permission) => {
        if (!parts.can(permission)) await deny(permission, "missing");
      },
      deny,
      requireOwner: async (what) => {
        if (parts.role !== "owner") await deny("owner", "not_owner", `Only an owner can ${what}.`);
      },
      data: async (fn) => {
        if (!authority || authority.confirmed) return inWorkspace(workspace.id, fn);
        // `fn` runs only once the transaction's first statement found the epoch unchanged.
        return inWorkspace(workspace.id, (tx) => {
          authority.confirmed = true;
          return fn(tx);
        }, { authEpoch: authority.epoch });
      },
      audit: async (action, target = null, changes = null, tx) => {
        // Inside `data` (tx given) the epoch was read in the transaction's first statement.
        if (!tx) await confirmed();
        return recordAudit({ actor, workspaceId: workspace.id, ...meta }, action, target, changes, tx);
      },
      inMode: (next: KeyMode) => (next === mode ? principal : build(next)),
    };
    return principal;
  };
  return build(parts.mode);
}

/** The refusal of a member: 403 FORBIDDEN. */
export const memberRefusal = (permission: Denied, message?: string, details?: ErrorDetail[]) => new ForbiddenError(permission, message, details);

/** The refusal of an API key: 403 INSUFFICIENT_SCOPE naming the scope. */
export const keyRefusal = (permission: Denied, message?: string, details?: ErrorDetail[]) =>
  new AppError("INSUFFICIENT_SCOPE", message ?? `This key lacks the "${permission}" scope.`, { details });

/** The signed-in user behind a principal, for security events; null for API keys. */
export const userIdOf = (principal: Pick<Principal, "actor">): string | null => (principal.actor.type === "user" ? principal.actor.userId : null);
