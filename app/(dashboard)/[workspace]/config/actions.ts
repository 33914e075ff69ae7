"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { contentFromForm } from "@/lib/agent-config/content";
import { createConfiguration, deleteConfiguration, renameConfiguration } from "@/lib/agent-config/configurations";
import { restoreVersion, saveConfiguration } from "@/lib/agent-config/versions";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { safeValues } from "@/lib/forms/form-state";

const path = (slug: string) => `/${slug}/config`;

export async function saveConfigAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const configurationId = String(form.get("configurationId") ?? "").slice(0, 40) || null;
  const baseVersion = Number(form.get("baseVersion") ?? 0);
  return runWorkspaceAction(slug, {}, async (ctx) => {
    const saved = await saveConfiguration(ctx, { configurationId, baseVersion: Number.isInteger(baseVersion) ? baseVersion : -1 }, contentFromForm(form));
    revalidatePath(path(slug));
    return { ok: true, message: saved.changed ? `Saved as version ${saved.version}.` : "Nothing changed, so no new version was saved." };
  });
}

export async function restoreVersionAction(slug: string, configurationId: string, version: number, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    const restored = await restoreVersion(ctx, configurationId, version);
    revalidatePath(path(slug));
    return { ok: true, message: `Version ${version} restored as version ${restored.version}.` };
  });
}

export async function createConfigAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  let createdId: string | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    const created = await createConfiguration(ctx, { name: String(form.get("name") ?? "").slice(0, 1000), copyFrom: String(form.get("copyFrom") ?? "").slice(0, 40) || null });
    createdId = created.id;
    revalidatePath(path(slug));
  });
  if (createdId) redirect(`${path(slug)}?c=${createdId}`);
  return { ...result, values: safeValues(form, ["name"]) };
}

export async function renameConfigAction(slug: string, configurationId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await renameConfiguration(ctx, configurationId, String(form.get("name") ?? "").slice(0, 1000));
    revalidatePath(path(slug));
    return { ok: true, message: "Renamed." };
  });
}

export async function deleteConfigAction(slug: string, configurationId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  const result = await runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await deleteConfiguration(ctx, configurationId);
  });
  if (result.ok) redirect(path(slug));
  return result;
}
