"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { contentFromForm } from "@/lib/agent-config/content";
import { createConfiguration, deleteConfiguration, renameConfiguration } from "@/lib/agent-config/configurations";
import { restoreVersion, saveConfiguration } from "@/lib/agent-config/versions";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { safeValues } from "@/lib/forms/form-state";

const path = (slug: string) => `/${slug}/config`;

export const saveConfigAction = memberAction({}, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const configurationId = String(form.get("configurationId") ?? "").slice(0, 40) || null;
  const baseVersion = Number(form.get("baseVersion") ?? 0);
  const saved = await saveConfiguration(ctx, { configurationId, baseVersion: Number.isInteger(baseVersion) ? baseVersion : -1 }, contentFromForm(form));
  revalidatePath(path(slug));
  return { ok: true, message: saved.changed ? `Saved as version ${saved.version}.` : "Nothing changed, so no new version was saved." };
});

export const restoreVersionAction = memberAction({}, async (ctx, configurationId: string, version: number, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const restored = await restoreVersion(ctx, configurationId, version);
  revalidatePath(path(slug));
  return { ok: true, message: `Version ${version} restored as version ${restored.version}.` };
});

export const createConfigAction = memberAction({ values: (form) => safeValues(form, ["name"]) }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const created = await createConfiguration(ctx, { name: String(form.get("name") ?? "").slice(0, 1000), copyFrom: String(form.get("copyFrom") ?? "").slice(0, 40) || null });
  revalidatePath(path(ctx.workspace.slug));
  redirect(`${path(ctx.workspace.slug)}?c=${created.id}`);
});

export const renameConfigAction = memberAction({}, async (ctx, configurationId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await renameConfiguration(ctx, configurationId, String(form.get("name") ?? "").slice(0, 1000));
  revalidatePath(path(slug));
  return { ok: true, message: "Renamed." };
});

export const deleteConfigAction = memberAction({ stepUp: true }, async (ctx, configurationId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await deleteConfiguration(ctx, configurationId);
  redirect(path(ctx.workspace.slug));
});
