import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";
import { isPermission } from "../authz/permissions";
import { AppError } from "../core/errors";
import { Prisma } from "../db/generated/client";
import { displayKey, generateKey, hashKey, parseKey } from "./format";
import { findKey } from "./keys";
import { assertLifetimeAllowed, keyLifetimeRule, maxKeyLifetimeDays } from "./lifetime";

/**
 * Rolling a key (decision 041): a new key with the old one's name, type, mode, scopes, IP
 * allowlist and expiry rule, shown once; the old key keeps working until the end of the
 * chosen overlap, then answers 401 like any expired key. The overlap never lengthens the old
 * key's life: a key due to expire sooner keeps its own date.
 */
export const ROLL_OVERLAPS = {
  now: 0,
  "1h": 60 * 60_000,
  "24h": 24 * 60 * 60_000,
  "3d": 3 * 24 * 60 * 60_000,
  "7d": 7 * 24 * 60 * 60_000,
} as const;
export type RollOverlap = keyof typeof ROLL_OVERLAPS;

export const ROLL_OVERLAP_LABELS: Record<RollOverlap, string> = {
  now: "Now (the old key stops at once)",
  "1h": "In 1 hour",
  "24h": "In 24 hours",
  "3d": "In 3 days",
  "7d": "In 7 days",
};

export const rollKeySchema = z.object({
  overlap: z.enum(Object.keys(ROLL_OVERLAPS) as [RollOverlap, ...RollOverlap[]], { error: "Choose when the old key stops working." }),
  /** The new key's lifetime; absent: the old key's rule. Null: never expires. */
  expiresInDays: z.union([z.null(), z.coerce.number().int().min(1).max(3650)]).optional(),
});
export type RollKeyInput = z.infer<typeof rollKeySchema>;

export async function rollApiKey(ctx: WorkspaceContext, keyId: string, input: RollKeyInput, now = new Date()) {
  await ctx.require("api_keys:manage");
  const overlap = rollKeySchema.parse(input);
  try {
    return await ctx.data(async (tx) => {
      const old = await findKey(ctx, tx, keyId);
      if (old.revokedAt) throw new AppError("CONFLICT", "This key is revoked: create a new key instead.");
      if (old.expiresAt && old.expiresAt <= now) throw new AppError("CONFLICT", "This key has expired: create a new key instead.");
      if (await tx.apiKey.count({ where: { rolledFromId: old.id } })) throw new AppError("CONFLICT", "This key was already rolled: roll its replacement instead.");
      // The new key is the roller's (decision 010): no scope they do not hold themselves.
      const scopes = old.scopes.filter(isPermission);
      const beyond = scopes.find((s) => !ctx.can(s));
      if (beyond) await ctx.deny(beyond, "escalation", `You cannot roll a key with the "${beyond}" scope: you do not have it yourself.`);
      const lifetimeDays = overlap.expiresInDays === undefined ? keyLifetimeRule(old) : overlap.expiresInDays;
      assertLifetimeAllowed(lifetimeDays, await maxKeyLifetimeDays(tx, ctx.workspace.id));
      const key = generateKey(old.mode, old.type);
      const parsed = parseKey(key)!;
      const created = await tx.apiKey.create({
        data: {
          workspaceId: ctx.workspace.id,
          name: old.name,
          type: old.type,
          mode: old.mode,
          keyHash: hashKey(key),
          prefix: parsed.prefix,
          last4: parsed.last4,
          scopes,
          createdById: ctx.user.id,
          createdAt: now,
          lifetimeDays,
          expiresAt: lifetimeDays ? new Date(now.getTime() + lifetimeDays * 86_400_000) : null,
          allowedCidrs: old.allowedCidrs ?? [],
          rolledFromId: old.id,
        },
        select: { id: true, expiresAt: true },
      });
      const overlapEnd = new Date(now.getTime() + ROLL_OVERLAPS[overlap.overlap]);
      const oldExpiresAt = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
      await tx.apiKey.update({ where: { id: old.id }, data: { expiresAt: oldExpiresAt, rolledAt: now } });
      const oldDisplay = displayKey(old.prefix, old.last4);
      const newDisplay = displayKey(parsed.prefix, parsed.last4);
      await ctx.audit(
        "api_key.rolled",
        { type: "api_key", id: old.id, label: `${old.name} (${oldDisplay})` },
        {
          before: { expires_at: old.expiresAt?.toISOString() ?? null },
          after: { expires_at: oldExpiresAt.toISOString(), overlap: overlap.overlap, new_key_id: created.id, new_key: newDisplay, new_key_expires_at: created.expiresAt?.toISOString() ?? null },
        },
        tx,
      );
      return { key, id: created.id, display: newDisplay, oldExpiresAt };
    });
  } catch (error) {
    // Two rolls of one key at once: the unique rolled_from_id lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("CONFLICT", "This key was already rolled: roll its replacement instead.");
    throw error;
  }
}
