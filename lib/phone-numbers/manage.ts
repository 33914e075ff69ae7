import { isUniqueViolation } from "../core/unique-violation";
import { isUuid } from "../core/ids";
import "server-only";
import { AppError } from "../core/errors";
import type { WorkspaceContext } from "../authz/context";
import type { TenantTx } from "../db/scoped";
import { E164_HINT, parseE164 } from "./e164";
import { sanitiseLabel } from "./label";

/**
 * The dashboard's phone numbers (issue 9, `numbers:manage`): list, add, label, assign to an
 * agent configuration, remove — every change audited with before/after. The public API
 * (`GET|POST /api/v1/phone-numbers`, lib/phone-numbers/numbers.ts) covers list and add.
 */

const TARGET = "phone_number";
export const NUMBERS_LIMIT = 500;

export type NumberMode = "live" | "test";

export interface ManagedNumber {
  id: string;
  number: string;
  label: string | null;
  mode: NumberMode;
  createdAt: Date;
  configuration: { id: string; name: string } | null;
}

const SELECT = {
  id: true,
  number: true,
  label: true,
  mode: true,
  createdAt: true,
  agentConfiguration: { select: { id: true, name: true } },
} as const;

type Row = { id: string; number: string; label: string | null; mode: NumberMode; createdAt: Date; agentConfiguration: { id: string; name: string } | null };
const toView = (r: Row): ManagedNumber => ({ id: r.id, number: r.number, label: r.label, mode: r.mode, createdAt: r.createdAt, configuration: r.agentConfiguration });

/** What the audit row records of a number (it is the workspace's own number, not a caller's). */
const snapshot = (n: ManagedNumber) => ({ number: n.number, label: n.label, mode: n.mode, agent_configuration: n.configuration?.name ?? null });

function validationFailed(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { details: [{ field, issue: message }] });
}

/** The workspace's numbers, live first, oldest first (a workspace has a handful, not thousands). */
export async function listManagedNumbers(ctx: WorkspaceContext): Promise<ManagedNumber[]> {
  await ctx.require("numbers:manage");
  const rows = await ctx.data((tx) =>
    tx.phoneNumber.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: [{ mode: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      take: NUMBERS_LIMIT,
      select: SELECT,
    }),
  );
  return rows.map(toView);
}

async function findNumber(ctx: WorkspaceContext, tx: TenantTx, id: string): Promise<ManagedNumber> {
  const row = isUuid(id) ? await tx.phoneNumber.findFirst({ where: { id, workspaceId: ctx.workspace.id }, select: SELECT }) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such phone number.");
  return toView(row);
}

/** A configuration of this workspace (RLS and the composite foreign key say the same), or a validation error. */
async function configurationFor(ctx: WorkspaceContext, tx: TenantTx, id: string | null | undefined) {
  if (!id) return null;
  const row = isUuid(id) ? await tx.agentConfiguration.findFirst({ where: { id, workspaceId: ctx.workspace.id }, select: { id: true, name: true } }) : null;
  if (!row) throw validationFailed("configurationId", "Choose a configuration from the list.");
  return row;
}

export interface AddNumberInput {
  number: string;
  label?: string | null;
  mode: string;
  configurationId?: string | null;
}

export async function addNumber(ctx: WorkspaceContext, input: AddNumberInput): Promise<ManagedNumber> {
  await ctx.require("numbers:manage");
  const number = parseE164(String(input.number ?? ""));
  if (!number) throw validationFailed("number", E164_HINT);
  if (input.mode !== "live" && input.mode !== "test") throw validationFailed("mode", "Choose live or test.");
  const mode: NumberMode = input.mode;
  const label = sanitiseLabel(input.label);
  try {
    return await ctx.data(async (tx) => {
      const configuration = await configurationFor(ctx, tx, input.configurationId);
      const row = await tx.phoneNumber.create({
        data: { workspaceId: ctx.workspace.id, number, label, mode, agentConfigurationId: configuration?.id ?? null },
        select: SELECT,
      });
      const view = toView(row);
      await ctx.audit("phone_number.created", { type: TARGET, id: row.id, label: number }, { after: snapshot(view) }, tx);
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validationFailed("number", `${number} is already in this workspace (${mode}).`);
    throw error;
  }
}

/** Changes the label and/or the assigned configuration; only what changed is audited. */
export async function updateNumber(ctx: WorkspaceContext, id: string, patch: { label?: string | null; configurationId?: string | null }): Promise<ManagedNumber> {
  await ctx.require("numbers:manage");
  return ctx.data(async (tx) => {
    const before = await findNumber(ctx, tx, id);
    const label = patch.label === undefined ? before.label : sanitiseLabel(patch.label);
    const configuration = patch.configurationId === undefined ? before.configuration : await configurationFor(ctx, tx, patch.configurationId);
    const after: ManagedNumber = { ...before, label, configuration };
    const was = snapshot(before);
    const now = snapshot(after);
    const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => now[k] !== was[k]);
    if (changed.length === 0) return before;
    await tx.phoneNumber.update({ where: { id: before.id }, data: { label, agentConfigurationId: configuration?.id ?? null } });
    await ctx.audit(
      "phone_number.updated",
      { type: TARGET, id: before.id, label: before.number },
      { before: Object.fromEntries(changed.map((k) => [k, was[k]])), after: Object.fromEntries(changed.map((k) => [k, now[k]])) },
      tx,
    );
    return after;
  });
}

export async function removeNumber(ctx: WorkspaceContext, id: string): Promise<void> {
  await ctx.require("numbers:manage");
  await ctx.data(async (tx) => {
    const before = await findNumber(ctx, tx, id);
    await tx.phoneNumber.delete({ where: { id: before.id } });
    await ctx.audit("phone_number.deleted", { type: TARGET, id: before.id, label: before.number }, { before: snapshot(before) }, tx);
  });
}
