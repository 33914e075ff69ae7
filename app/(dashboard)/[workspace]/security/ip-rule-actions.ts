"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { safeValues } from "@/lib/forms/form-state";
import { addIpRule, removeIpRule } from "@/lib/widget/ip-rules";

const path = (slug: string) => `/${slug}/security`;

/** Adds a block or allow entry (owners and admins: settings:manage; audited by lib/widget). */
export const addIpRuleAction = memberAction({ values: (form) => safeValues(form, ["cidr", "kind", "note"]) }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const expiresAt = String(form.get("expiresAt") ?? "").slice(0, 40);
  const rule = await addIpRule(ctx, {
    kind: String(form.get("kind") ?? "").slice(0, 10),
    cidr: String(form.get("cidr") ?? "").slice(0, 100),
    note: String(form.get("note") ?? "").slice(0, 1000),
    expiresAt: expiresAt || null,
  });
  revalidatePath(path(ctx.workspace.slug));
  return { ok: true, message: `${rule.cidr} is ${rule.kind === "block" ? "blocked" : "allowed"}.` };
});

/** Removes an entry (the table asks first). */
export const removeIpRuleAction = memberAction({}, async (ctx, id: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await removeIpRule(ctx, id);
  revalidatePath(path(ctx.workspace.slug));
  return { ok: true, message: "Removed." };
});
