"use server";

import { revalidatePath } from "next/cache";
import { keyLifetimeLimitSchema, setMaxKeyLifetime } from "@/lib/api-keys/lifetime";
import { memberAction, type ActionResult } from "@/lib/entry/action";

/** The maximum lifetime of new API keys (owners, sudo mode, audited). */
export const setMaxKeyLifetimeAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const parsed = keyLifetimeLimitSchema.safeParse(String(form.get("maxKeyLifetimeDays") ?? ""));
  if (!parsed.success) return { fieldErrors: { maxKeyLifetimeDays: "Choose none, 30, 90, 180 or 365 days." } };
  const changed = await setMaxKeyLifetime(ctx, parsed.data);
  revalidatePath(`/${ctx.workspace.slug}/settings`);
  revalidatePath(`/${ctx.workspace.slug}/developers/api-keys`);
  if (!changed) return { ok: true, message: "Unchanged." };
  return { ok: true, message: parsed.data === null ? "New keys may now be created without expiry." : `New and rolled keys must now expire within ${parsed.data} days.` };
});
