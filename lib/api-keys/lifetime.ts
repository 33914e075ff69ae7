import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import type { TenantTx } from "../db/scoped";

/**
 * The workspace's maximum lifetime of new keys (issue 19): none, or 30, 90, 180, 365 days (a
 * CHECK constraint holds the same list). It applies when a key is created and when one is
 * rolled — the moments a key's expiry is chosen — and never shortens existing keys: an owner
 * tightening the rule sees the keys without expiry flagged on the keys page instead.
 */
export const KEY_LIFETIME_LIMITS = [30, 90, 180, 365] as const;
export type KeyLifetimeLimit = (typeof KEY_LIFETIME_LIMITS)[number];

/** The expiry choices the create and roll forms offer, in days (null: never). */
export const KEY_LIFETIME_CHOICES: readonly (number | null)[] = [null, 7, 30, 90, 180, 365];

export const keyLifetimeLimitSchema = z
  .union([z.literal(""), z.literal("none"), z.coerce.number().int()])
  .transform((v) => (v === "" || v === "none" ? null : v))
  .refine((v): v is KeyLifetimeLimit | null => v === null || (KEY_LIFETIME_LIMITS as readonly number[]).includes(v), "Choose none, 30, 90, 180 or 365 days.");

export async function maxKeyLifetimeDays(tx: TenantTx, workspaceId: string): Promise<number | null> {
  const row = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { maxKeyLifetimeDays: true } });
  return row.maxKeyLifetimeDays;
}

/** A pure predicate the forms use to offer only allowed choices; the assertion below is its server face. */
export function isLifetimeAllowed(lifetimeDays: number | null, limit: number | null): boolean {
  return limit === null || (lifetimeDays !== null && lifetimeDays <= limit);
}

export function assertLifetimeAllowed(lifetimeDays: number | null, limit: number | null, field = "expiresInDays"): void {
  if (isLifetimeAllowed(lifetimeDays, limit)) return;
  throw new AppError(
    "VALIDATION_FAILED",
    lifetimeDays === null
      ? `This workspace requires keys to expire within ${limit} days. Choose an expiry of ${limit} days or less.`
      : `This workspace allows keys of at most ${limit} days. Choose an expiry of ${limit} days or less.`,
    { details: [{ field, issue: `longer than the workspace's maximum key lifetime (${limit} days)` }] },
  );
}

/** Sets the maximum (owners only; audited with before and after). */
export async function setMaxKeyLifetime(ctx: WorkspaceContext, limit: KeyLifetimeLimit | null): Promise<boolean> {
  await ctx.requireOwner("change the maximum lifetime of API keys");
  return ctx.data(async (tx) => {
    const before = await maxKeyLifetimeDays(tx, ctx.workspace.id);
    if (before === limit) return false;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { maxKeyLifetimeDays: limit } });
    await ctx.audit(
      "settings.key_lifetime_changed",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { before: { max_key_lifetime_days: before }, after: { max_key_lifetime_days: limit } },
      tx,
    );
    return true;
  });
}

/** What the settings page and the keys page show. */
export async function keyLifetimeLimit(ctx: WorkspaceContext): Promise<number | null> {
  return ctx.data((tx) => maxKeyLifetimeDays(tx, ctx.workspace.id));
}

const lifetimeLabel = (days: number | null) => (days === null ? "Never" : days === 365 ? "In a year" : `In ${days} days`);

/** The create and roll forms' expiry options: those the workspace's maximum refuses are disabled. */
export function lifetimeOptions(limit: number | null): { value: string; label: string; disabled?: boolean }[] {
  return KEY_LIFETIME_CHOICES.map((days) => ({ value: days === null ? "" : String(days), label: lifetimeLabel(days), disabled: !isLifetimeAllowed(days, limit) }));
}

/** For a roll: "the key's own rule" first (when allowed), then the fixed choices ("never" for none). */
export function rollLifetimeOptions(current: number | null, limit: number | null): { value: string; label: string; disabled?: boolean }[] {
  return [
    { value: "same", label: `Same as now (${current === null ? "never" : `${current} days`})`, disabled: !isLifetimeAllowed(current, limit) },
    ...lifetimeOptions(limit).map((o) => (o.value === "" ? { ...o, value: "never" } : o)),
  ];
}

/**
 * A key's expiry rule in days: the one chosen at creation, or — for keys made before the
 * rule was stored — the span from creation to expiry, so rolling an older 30-day key still
 * gives a 30-day key rather than one that never expires.
 */
export function keyLifetimeRule(key: { lifetimeDays: number | null; createdAt: Date; expiresAt: Date | null }): number | null {
  if (key.lifetimeDays !== null) return key.lifetimeDays;
  if (!key.expiresAt) return null;
  return Math.min(3650, Math.max(1, Math.round((key.expiresAt.getTime() - key.createdAt.getTime()) / 86_400_000)));
}
