import "server-only";
import type { Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import { isUuid } from "../core/ids";
import { createdBefore, decodeCursor, page } from "../core/pagination";
import { isUniqueViolation } from "../core/unique-violation";
import type { TenantTx } from "../db/scoped";
import { E164_HINT, parseE164 } from "./e164";
import { sanitiseLabel } from "./label";

/**
 * A workspace's phone numbers: the one query layer of the dashboard's numbers page (issue 9)
 * and of `GET|POST /api/v1/phone-numbers` (lib/api/v1/operations/phone-numbers.ts). List, get,
 * add, label, assign to an agent configuration, remove; every change audited with
 * before/after. Each caller maps the one row type, `PhoneNumber`, to its own shape (the API's
 * JSON, the dashboard's table row).
 */

const TARGET = "phone_number";
export const NUMBERS_LIMIT = 500;

export type NumberMode = "live" | "test";

export interface PhoneNumber {
  id: string;
  number: string;
  label: string | null;
  mode: NumberMode;
  createdAt: Date;
  configuration: { id: string; name: string } | null;
}

/** A number as the keyset page lists it: without its configuration (the API's JSON has none; one query fewer). */
export type PhoneNumberSummary = Omit<PhoneNumber, "configuration">;

const SUMMARY_SELECT = { id: true, number: true, label: true, mode: true, createdAt: true } as const;
const SELECT = { ...SUMMARY_SELECT, agentConfiguration: { select: { id: true, name: true } } } as const;

type Row = { id: string; number: string; label: string | null; mode: NumberMode; createdAt: Date; agentConfiguration: { id: string; name: string } | null };
const toView = (r: Row): PhoneNumber => ({ id: r.id, number: r.number, label: r.label, mode: r.mode, createdAt: r.createdAt, configuration: r.agentConfiguration });

/** What the audit row records of a number (it is the workspace's own number, a callee, not a caller's). */
const snapshot = (n: PhoneNumber) => ({ number: n.number, label: n.label, mode: n.mode, agent_configuration: n.configuration?.name ?? null });

function validationFailed(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { details: [{ field, issue: message }] });
}

/** Not a valid E.164 number: a field error (the API words its detail its own way). */
export class InvalidNumberError extends AppError {
  constructor() {
    super("VALIDATION_FAILED", E164_HINT, { details: [{ field: "number", issue: E164_HINT }] });
  }
}

/** The number is already in this workspace in that mode: a field error (the API answers 409 CONFLICT). */
export class DuplicateNumberError extends AppError {
  constructor(
    readonly number: string,
    readonly mode: NumberMode,
  ) {
    const message = `${number} is already in this workspace (${mode}).`;
    super("VALIDATION_FAILED", message, { details: [{ field: "number", issue: message }] });
  }
}

/**
 * Which numbers to list, and the permission each listing needs:
 * - `page`: the principal's mode only (an API key's), newest first, one keyset page of
 *   `limit` after `cursor` — reading them is `calls:read`;
 * - `table`: both modes, live first then oldest first, up to NUMBERS_LIMIT (a workspace has a
 *   handful, not thousands) — the dashboard's management table, `numbers:manage`.
 */
export type NumberListing = { view: "page"; limit: number; cursor?: string } | { view: "table" };

const LIST_PERMISSION = { page: "calls:read", table: "numbers:manage" } as const;

export async function listNumbers(principal: Principal, listing: NumberListing & { view: "table" }): Promise<{ numbers: PhoneNumber[]; nextCursor: null }>;
export async function listNumbers(principal: Principal, listing: NumberListing & { view: "page" }): Promise<{ numbers: PhoneNumberSummary[]; nextCursor: string | null }>;
export async function listNumbers(principal: Principal, listing: NumberListing): Promise<{ numbers: PhoneNumberSummary[]; nextCursor: string | null }> {
  await principal.require(LIST_PERMISSION[listing.view]);
  if (listing.view === "table") {
    const rows = await principal.data((tx) =>
      tx.phoneNumber.findMany({
        where: { workspaceId: principal.workspace.id },
        orderBy: [{ mode: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        take: NUMBERS_LIMIT,
        select: SELECT,
      }),
    );
    return { numbers: rows.map(toView), nextCursor: null };
  }
  const cursor = decodeCursor(listing.cursor);
  const rows = await principal.data((tx) =>
    tx.phoneNumber.findMany({
      where: { workspaceId: principal.workspace.id, mode: principal.mode, ...createdBefore(cursor) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: listing.limit + 1,
      // A relation is a second query under Prisma's default strategy: the page leaves it out.
      select: SUMMARY_SELECT,
    }),
  );
  const { items, nextCursor } = page(rows, listing.limit);
  return { numbers: items, nextCursor };
}

/** One number of this workspace (of `mode` only, when given); anything else (another workspace's included) is NOT_FOUND. */
async function findNumber(principal: Principal, tx: TenantTx, id: string, mode?: NumberMode): Promise<PhoneNumber> {
  const row = isUuid(id) ? await tx.phoneNumber.findFirst({ where: { id, workspaceId: principal.workspace.id, ...(mode ? { mode } : {}) }, select: SELECT }) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such phone number.");
  return toView(row);
}

/** One number of the principal's workspace and mode (`calls:read`), as the page lists it; the other mode's is NOT_FOUND too. */
export async function getNumber(principal: Principal, id: string): Promise<PhoneNumberSummary> {
  await principal.require("calls:read");
  const row = isUuid(id)
    ? await principal.data((tx) => tx.phoneNumber.findFirst({ where: { id, workspaceId: principal.workspace.id, mode: principal.mode }, select: SUMMARY_SELECT }))
    : null;
  if (!row) throw new AppError("NOT_FOUND", "No such phone number.");
  return row;
}

/** A configuration of this workspace (RLS and the composite foreign key say the same), or a validation error. */
async function configurationFor(principal: Principal, tx: TenantTx, id: string | null | undefined) {
  if (!id) return null;
  const row = isUuid(id) ? await tx.agentConfiguration.findFirst({ where: { id, workspaceId: principal.workspace.id }, select: { id: true, name: true } }) : null;
  if (!row) throw validationFailed("configurationId", "Choose a configuration from the list.");
  return row;
}

export interface AddNumberInput {
  number: string;
  label?: string | null;
  /** "live" or "test" (the dashboard's choice); omitted, the principal's mode (an API key's). */
  mode?: string;
  configurationId?: string | null;
}

export async function addNumber(principal: Principal, input: AddNumberInput): Promise<PhoneNumber> {
  await principal.require("numbers:manage");
  const number = parseE164(String(input.number ?? ""));
  if (!number) throw new InvalidNumberError();
  const given = input.mode ?? principal.mode;
  if (given !== "live" && given !== "test") throw validationFailed("mode", "Choose live or test.");
  const mode: NumberMode = given;
  const label = sanitiseLabel(input.label);
  try {
    return await principal.data(async (tx) => {
      const configuration = await configurationFor(principal, tx, input.configurationId);
      const row = await tx.phoneNumber.create({
        data: { workspaceId: principal.workspace.id, number, label, mode, agentConfigurationId: configuration?.id ?? null },
        select: SELECT,
      });
      const view = toView(row);
      await principal.audit("phone_number.created", { type: TARGET, id: row.id, label: number }, { after: snapshot(view) }, tx);
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateNumberError(number, mode);
    throw error;
  }
}

/** Changes the label and/or the assigned configuration; only what changed is audited. */
export async function updateNumber(principal: Principal, id: string, patch: { label?: string | null; configurationId?: string | null }): Promise<PhoneNumber> {
  await principal.require("numbers:manage");
  return principal.data(async (tx) => {
    const before = await findNumber(principal, tx, id);
    const label = patch.label === undefined ? before.label : sanitiseLabel(patch.label);
    const configuration = patch.configurationId === undefined ? before.configuration : await configurationFor(principal, tx, patch.configurationId);
    const after: PhoneNumber = { ...before, label, configuration };
    const was = snapshot(before);
    const now = snapshot(after);
    const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => now[k] !== was[k]);
    if (changed.length === 0) return before;
    await tx.phoneNumber.update({ where: { id: before.id }, data: { label, agentConfigurationId: configuration?.id ?? null } });
    await principal.audit(
      "phone_number.updated",
      { type: TARGET, id: before.id, label: before.number },
      { before: Object.fromEntries(changed.map((k) => [k, was[k]])), after: Object.fromEntries(changed.map((k) => [k, now[k]])) },
      tx,
    );
    return after;
  });
}

export async function removeNumber(principal: Principal, id: string): Promise<void> {
  await principal.require("numbers:manage");
  await principal.data(async (tx) => {
    const before = await findNumber(principal, tx, id);
    await tx.phoneNumber.delete({ where: { id: before.id } });
    await principal.audit("phone_number.deleted", { type: TARGET, id: before.id, label: before.number }, { before: snapshot(before) }, tx);
  });
}
