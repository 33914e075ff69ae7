"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, createKeySchema, renameApiKey, revokeApiKey, setKeyAllowlist } from "@/lib/api-keys/keys";
import { rollApiKey, rollKeySchema } from "@/lib/api-keys/roll";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { fieldErrorsOf } from "@/lib/forms/form-state";

export interface CreateKeyResult extends ActionResult {
  key?: string;
}

export const createKeyAction = memberAction(
  { stepUp: true, values: (form) => ({ name: String(form.get("name") ?? "").slice(0, 80) }) },
  async (ctx, _prev: CreateKeyResult, form: FormData): Promise<CreateKeyResult> => {
    const expires = String(form.get("expiresInDays") ?? "");
    const parsed = createKeySchema.safeParse({
      name: form.get("name"),
      type: form.get("type"),
      mode: form.get("mode"),
      scopes: form.getAll("scopes"),
      expiresInDays: expires === "" ? undefined : expires,
      allowedCidrs: String(form.get("allowedCidrs") ?? ""),
    });
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
    const { key } = await createApiKey(ctx, parsed.data);
    revalidatePath(`/${ctx.workspace.slug}/developers/api-keys`);
    // The full key travels to the browser exactly once, in this answer.
    return { ok: true, key };
  },
);

export const renameKeyAction = memberAction({}, async (ctx, keyId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const name = z.string().max(500).safeParse(form.get("name"));
  if (!name.success) return { error: "Name the key." };
  await renameApiKey(ctx, keyId, name.data);
  revalidatePath(`/${slug}/developers/api-keys`);
  return { ok: true, message: "Renamed." };
});

export const revokeKeyAction = memberAction({ stepUp: true }, async (ctx, keyId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await revokeApiKey(ctx, keyId);
  revalidatePath(`/${slug}/developers/api-keys`);
  return { ok: true, message: "Key revoked: requests that send it now fail with 401." };
});

export interface RollKeyResult extends ActionResult {
  key?: string;
  display?: string;
  oldExpiresAt?: string;
}

/** Sudo mode, like creation: the new key is shown once, in this answer. */
export const rollKeyAction = memberAction({ stepUp: true }, async (ctx, keyId: string, _prev: RollKeyResult, form: FormData): Promise<RollKeyResult> => {
  const expires = String(form.get("expiresInDays") ?? "same");
  const parsed = rollKeySchema.safeParse({ overlap: form.get("overlap"), expiresInDays: expires === "same" ? undefined : expires === "never" ? null : expires });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const rolled = await rollApiKey(ctx, keyId, parsed.data);
  revalidatePath(`/${ctx.workspace.slug}/developers/api-keys`);
  return { ok: true, key: rolled.key, display: rolled.display, oldExpiresAt: rolled.oldExpiresAt.toISOString() };
});

/** Sudo mode: an allowlist decides where a stolen key works. */
export const setAllowlistAction = memberAction({ stepUp: true }, async (ctx, keyId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const cidrs = await setKeyAllowlist(ctx, keyId, String(form.get("allowedCidrs") ?? "").slice(0, 4000));
  revalidatePath(`/${ctx.workspace.slug}/developers/api-keys`);
  return { ok: true, message: cidrs.length ? `Allowed from ${cidrs.length} range${cidrs.length === 1 ? "" : "s"}.` : "Allowed from any address." };
});
