import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import { isPermission, PERMISSIONS, type Permission } from "../authz/permissions";
import { plainText } from "../security/sanitize";
import { displayKey, generateKey, hashKey, parseKey } from "./format";
import { parseAllowlist } from "./ip-allowlist";
import { assertLifetimeAllowed, maxKeyLifetimeDays } from "./lifetime";
import { PUBLIC_KEY_SCOPES } from "./scopes";

export const createKeySchema = z.object({
  name: z.string().max(500).transform(plainText).pipe(z.string().min(1, "Name the key.").max(80, "Use at most 80 characters.")),
  type: z.enum(["sk", "pk"]),
  mode: z.enum(["live", "test"]),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, "Choose at least one scope.").max(PERMISSIONS.length),
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
  /** CIDR ranges (decision 041); parsed and made canonical by parseAllowlist. */
  allowedCidrs: z.union([z.string().max(4000), z.array(z.string().max(60)).max(200)]).optional(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

const keySelect = {
  id: true,
  name: true,
  type: true,
  mode: true,
  prefix: true,
  last4: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdById: true,
  lifetimeDays: true,
  allowedCidrs: true,
  revokedReason: true,
  rolledAt: true,
  rolledFromId: true,
} as const;

/**
 * Creates a key. The full key is returned once and never stored: only its SHA-256, its
 * prefix and last four characters. Scopes are a subset of the creator's own permissions (an
 * agent never holds calls:read_unmasked, so neither can their keys);
 * public keys only read.
 */
export async function createApiKey(ctx: WorkspaceContext, input: CreateKeyInput, now = new Date()) {
  await ctx.require("api_keys:manage");
  const scopes = [...new Set(input.scopes)] as Permission[];
  const beyond = scopes.find((s) => !ctx.can(s));
  if (beyond) {
    await ctx.deny(beyond, "escalation", `You cannot give a key the "${beyond}" scope: you do not have it yourself.`, [{ field: "scopes", issue: `not held: ${beyond}` }]);
  }
  if (input.type === "pk" && scopes.some((s) => !PUBLIC_KEY_SCOPES.includes(s))) {
    throw new AppError("VALIDATION_FAILED", `Public keys are read-only: only ${PUBLIC_KEY_SCOPES.join(", ")}.`, {
      details: [{ field: "scopes", issue: "not allowed for public keys" }],
    });
  }
  const allowedCidrs = input.allowedCidrs === undefined ? [] : parseAllowlist(input.allowedCidrs);
  const lifetimeDays = input.expiresInDays ?? null;
  const key = generateKey(input.mode, input.type);
  const parsed = parseKey(key)!;
  const row = await ctx.data(async (tx) => {
    assertLifetimeAllowed(lifetimeDays, await maxKeyLifetimeDays(tx, ctx.workspace.id));
    const created = await tx.apiKey.create({
      data: {
        workspaceId: ctx.workspace.id,
        name: input.name,
        type: input.type,
        mode: input.mode,
        keyHash: hashKey(key),
        prefix: parsed.prefix,
        last4: parsed.last4,
        scopes,
        createdById: ctx.user.id,
        createdAt: now,
        expiresAt: lifetimeDays ? new Date(now.getTime() + lifetimeDays * 86_400_000) : null,
        lifetimeDays,
        allowedCidrs,
      },
      select: keySelect,
    });
    await ctx.audit("api_key.created", { type: "api_key", id: created.id, label: `${input.name} (${displayKey(parsed.prefix, parsed.last4)})` }, {
      after: { name: input.name, type: input.type, mode: input.mode, scopes, expires_at: created.expiresAt?.toISOString() ?? null, allowed_cidrs: allowedCidrs },
    }, tx);
    return created;
  });
  return { key, row };
}

export async function listApiKeys(ctx: WorkspaceContext) {
  await ctx.require("api_keys:read");
  return ctx.data(async (tx) => {
    const keys = await tx.apiKey.findMany({ where: { workspaceId: ctx.workspace.id }, select: keySelect, orderBy: { createdAt: "desc" } });
    const creators = await tx.user.findMany({
      where: { id: { in: keys.map((k) => k.createdById).filter((id): id is string => !!id) } },
      select: { id: true, name: true, email: true },
    });
    // A roll links two rows of this list (decision 041): each row names the other.
    const byId = new Map(keys.map((k) => [k.id, k]));
    const rolledToOf = new Map(keys.filter((k) => k.rolledFromId).map((k) => [k.rolledFromId!, k]));
    const brief = (k: { id: string; name: string; prefix: string; last4: string } | undefined) => (k ? { id: k.id, name: k.name, display: displayKey(k.prefix, k.last4) } : null);
    return keys.map((k) => ({
      ...k,
      allowedCidrs: k.allowedCidrs ?? [],
      scopes: k.scopes.filter(isPermission),
      createdBy: creators.find((c) => c.id === k.createdById) ?? null,
      rolledFrom: k.rolledFromId ? brief(byId.get(k.rolledFromId)) : null,
      rolledTo: brief(rolledToOf.get(k.id)),
    }));
  });
}

export async function findKey(ctx: WorkspaceContext, tx: Parameters<Parameters<WorkspaceContext["data"]>[0]>[0], keyId: string) {
  const key = /^[0-9a-f-]{36}$/i.test(keyId) ? await tx.apiKey.findFirst({ where: { id: keyId, workspaceId: ctx.workspace.id }, select: keySelect }) : null;
  if (!key) throw new AppError("NOT_FOUND", "No such API key.");
  return key;
}

export async function renameApiKey(ctx: WorkspaceContext, keyId: string, nameInput: string) {
  await ctx.require("api_keys:manage");
  const name = createKeySchema.shape.name.parse(nameInput);
  await ctx.data(async (tx) => {
    const key = await findKey(ctx, tx, keyId);
    await tx.apiKey.update({ where: { id: key.id }, data: { name } });
    await ctx.audit("api_key.renamed", { type: "api_key", id: key.id, label: displayKey(key.prefix, key.last4) }, { before: { name: key.name }, after: { name } }, tx);
  });
}

/** Revokes at once: the next request with the key answers 401 (no cache to wait for). */
export async function revokeApiKey(ctx: WorkspaceContext, keyId: string, now = new Date()) {
  await ctx.require("api_keys:manage");
  await ctx.data(async (tx) => {
    const key = await findKey(ctx, tx, keyId);
    if (key.revokedAt) return;
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
    await ctx.audit("api_key.revoked", { type: "api_key", id: key.id, label: `${key.name} (${displayKey(key.prefix, key.last4)})` }, null, tx);
  });
}

/** Replaces a key's IP allowlist (empty: any address). Audited with before and after. */
export async function setKeyAllowlist(ctx: WorkspaceContext, keyId: string, input: string | readonly string[]) {
  await ctx.require("api_keys:manage");
  const allowedCidrs = parseAllowlist(input);
  return ctx.data(async (tx) => {
    const key = await findKey(ctx, tx, keyId);
    if (key.revokedAt) throw new AppError("CONFLICT", "This key is revoked.");
    const before = key.allowedCidrs ?? [];
    if (before.length === allowedCidrs.length && before.every((c, i) => c === allowedCidrs[i])) return allowedCidrs;
    await tx.apiKey.update({ where: { id: key.id }, data: { allowedCidrs } });
    await ctx.audit("api_key.allowlist_changed", { type: "api_key", id: key.id, label: `${key.name} (${displayKey(key.prefix, key.last4)})` }, {
      before: { allowed_cidrs: before },
      after: { allowed_cidrs: allowedCidrs },
    }, tx);
    return allowedCidrs;
  });
}
