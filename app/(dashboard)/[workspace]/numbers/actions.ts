"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { safeValues } from "@/lib/forms/form-state";
import { formatE164 } from "@/lib/phone-numbers/e164";
import { addNumber, removeNumber, updateNumber } from "@/lib/phone-numbers/manage";

const path = (slug: string) => `/${slug}/numbers`;
const text = (form: FormData, key: string, max: number) => String(form.get(key) ?? "").slice(0, max);

export async function addNumberAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = safeValues(form, ["number", "label", "mode", "configurationId"]);
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    const added = await addNumber(ctx, {
      number: text(form, "number", 40),
      label: text(form, "label", 2000),
      mode: text(form, "mode", 8),
      configurationId: text(form, "configurationId", 40) || null,
    });
    revalidatePath(path(slug));
    return { ok: true, message: `Added ${formatE164(added.number)}.` };
  });
  return result.ok ? result : { ...result, values };
}

export async function updateNumberAction(slug: string, numberId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await updateNumber(ctx, numberId, { label: text(form, "label", 2000), configurationId: text(form, "configurationId", 40) || null });
    revalidatePath(path(slug));
    return { ok: true, message: "Saved." };
  });
}

export async function removeNumberAction(slug: string, numberId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await removeNumber(ctx, numberId);
    revalidatePath(path(slug));
    return { ok: true, message: "Removed." };
  });
}
