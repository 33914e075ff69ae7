"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { safeValues } from "@/lib/forms/form-state";
import { updateWidget } from "@/lib/widget/widgets";

const FIELDS = ["mode", "botPolicy", "ipAllow", "ipDeny", "countryAllow", "countryDeny", "theme.accent", "theme.title", "theme.greeting"];
const text = (form: FormData, name: string) => String(form.get(name) ?? "").slice(0, 20_000);

/** Saves the widget's restrictions and theme (config:manage, audited by lib/widget). */
export const saveWidgetAction = memberAction({ values: (form) => safeValues(form, FIELDS) }, async (ctx, configurationId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  await updateWidget(ctx, configurationId, {
    mode: text(form, "mode"),
    botPolicy: text(form, "botPolicy"),
    ipAllow: text(form, "ipAllow"),
    ipDeny: text(form, "ipDeny"),
    countryAllow: text(form, "countryAllow"),
    countryDeny: text(form, "countryDeny"),
    // An empty accent is "the default": left out, as the schema only takes a colour.
    theme: { accent: text(form, "theme.accent").trim() || undefined, title: text(form, "theme.title"), greeting: text(form, "theme.greeting") },
  });
  revalidatePath(`/${ctx.workspace.slug}/config`);
  return { ok: true, message: "Widget saved." };
});

/** Turns the widget on or off (the page asks before turning it off). */
export const setWidgetEnabledAction = memberAction({}, async (ctx, configurationId: string, enabled: boolean, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await updateWidget(ctx, configurationId, { enabled: enabled === true });
  revalidatePath(`/${ctx.workspace.slug}/config`);
  return { ok: true, message: enabled ? "The widget is on." : "The widget is off." };
});
