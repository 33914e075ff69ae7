"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { safeValues } from "@/lib/forms/form-state";
import { formatE164 } from "@/lib/phone-numbers/e164";
import { addNumber, removeNumber, updateNumber } from "@/lib/phone-numbers/numbers";

const path = (slug: string) => `/${slug}/numbers`;
const text = (form: FormData, key: string, max: number) => String(form.get(key) ?? "").slice(0, max);

export const addNumberAction = memberAction(
  { values: (form) => safeValues(form, ["number", "label", "mode", "configurationId"]) },
  async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const added = await addNumber(ctx, {
      number: text(form, "number", 40),
      label: text(form, "label", 2000),
      mode: text(form, "mode", 8),
      configurationId: text(form, "configurationId", 40) || null,
    });
    revalidatePath(path(ctx.workspace.slug));
    return { ok: true, message: `Added ${formatE164(added.number)}.` };
  },
);

export const updateNumberAction = memberAction({}, async (ctx, numberId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await updateNumber(ctx, numberId, { label: text(form, "label", 2000), configurationId: text(form, "configurationId", 40) || null });
  revalidatePath(path(slug));
  return { ok: true, message: "Saved." };
});

export const removeNumberAction = memberAction({ stepUp: true }, async (ctx, numberId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await removeNumber(ctx, numberId);
  revalidatePath(path(slug));
  return { ok: true, message: "Removed." };
});
