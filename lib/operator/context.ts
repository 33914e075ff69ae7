import "server-only";
import type { AuditAction } from "../audit/actions";
import type { Actor, AuditChanges, AuditTarget, RequestMeta } from "../audit/context";
import { recordAudit } from "../audit/record";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { currentStaff, type Staff } from "./session";
import { staffActor } from "./staff-auth";

/** A transaction of the platform scope: the database client's own role, every tenant's rows. */
export type PlatformTx = Prisma.TransactionClient;
export type PlatformData = <T>(fn: (tx: PlatformTx) => Promise<T>) => Promise<T>;

/**
 * The platform scope (SPEC §11): `fn` runs in a transaction on the database client as it
 * connects, without the tenant role or `app.workspace_id` that lib/db/scoped.ts sets, so
 * row-level security does not narrow it to one workspace. The console lists workspaces,
 * security events and the platform's audit chain across tenants, which is why only a
 * StaffContext hands it out; nothing a member or an API key reaches uses it.
 */
export const platformData: PlatformData = (fn) => db().$transaction(fn);

export interface StaffAuditOptions {
  /** The workspace whose chain records the action (a suspension, where its owners see it); the platform chain otherwise. */
  workspaceId?: string | null;
  /** Commits the audit row with the change it records. */
  tx?: PlatformTx;
}

/**
 * Platform staff acting in the operator console: the console's one caller type, as
 * Principal is the dashboard's and the API's. Every console read and write goes through
 * `data` (the platform scope) and every action is recorded through `audit` with the staff
 * member as actor (SPEC §11: every action audited).
 */
export interface StaffContext {
  staff: Staff;
  actor: Extract<Actor, { type: "staff" }>;
  meta: RequestMeta;
  data<T>(fn: (tx: PlatformTx) => Promise<T>): Promise<T>;
  audit(action: AuditAction, target?: AuditTarget | null, changes?: AuditChanges | null, options?: StaffAuditOptions): Promise<void>;
}

/** What a console query needs of its caller: the platform scope, and nothing to audit. */
export type StaffReader = Pick<StaffContext, "data">;

/** The context of a staff member already authenticated (authorizeStaff; tests). */
export function staffContextOf(staff: Staff, meta: RequestMeta): StaffContext {
  const actor = staffActor(staff);
  return {
    staff,
    actor,
    meta,
    data: platformData,
    audit: (action, target = null, changes = null, options = {}) =>
      recordAudit({ actor, workspaceId: options.workspaceId ?? null, ...meta }, action, target, changes, options.tx),
  };
}

/**
 * The one authorisation path of the console: the staff member of this request's console
 * cookie, re-checked against the database (currentStaff), or null. Callers are
 * lib/entry/staff.ts's wrappers, which check the console marker and choose the answer.
 */
export async function authorizeStaff(meta: RequestMeta): Promise<StaffContext | null> {
  const staff = await currentStaff();
  return staff ? staffContextOf(staff, meta) : null;
}
