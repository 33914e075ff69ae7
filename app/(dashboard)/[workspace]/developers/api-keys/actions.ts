"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, createKeySchema, renameApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { fieldErrorsOf } from "@/lib/forms/form-state";

export interface CreateKeyResult extends ActionResult {
  key?: string;
}

export async function createKeyAction(slug: string, _prev: CreateKeyResult, form: FormData): Promise<CreateKeyResult> {
  const expires = String(form.get("expiresInDays") ?? "");
  const parsed = createKeySchema.safeParse({
    name: form.get("name"),
    type: form.get("type"),
    mode: form.get("mode"),
    scopes: form.getAll("scopes"),
    expiresInDays: expires === "" ? undefined : expires,
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { name: String(form.get("name") ?? "").slice(0, 80) } };
  let key: string | undefined;
  const result = await runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    key = (await createApiKey(ctx, parsed.data)).key;
    revalidatePath(`/${slug}/developers/api-keys`);
  });
  // The full key travels to the browser exactly once, in this answer.
  return key ? { ok: true, key } : result;
}

export async function renameKeyAction(slug: string, keyId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const name = z.string().max(500).safeParse(form.get("name"));
  if (!name.success) return { error: "Name the key." };
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await renameApiKey(ctx, keyId, name.data);
    revalidatePath(`/${slug}/developers/api-keys`);
    return { ok: true, message: "Renamed." };
  });
}

export async function revokeKeyAction(slug: string, keyId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await revokeApiKey(ctx, keyId);
    revalidatePath(`/${slug}/developers/api-keys`);
    return { ok: true };
  });
}
