"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { corsOriginsSchema, setCorsOrigins } from "@/lib/workspaces/cors";
import { cancelWorkspace, reactivateWorkspace } from "@/lib/workspaces/lifecycle";
import { setCallerMasking } from "@/lib/workspaces/masking";
import { renameWorkspace, workspaceNameSchema } from "@/lib/workspaces/rename";
import { setTwoFactorRequired } from "@/lib/workspaces/two-factor-policy";
import { retentionSettingsSchema, setRetentionSettings } from "@/lib/retention/settings";

export const saveCorsAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const raw = String(form.get("origins") ?? "");
  const parsed = corsOriginsSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: { origins: Object.values(fieldErrorsOf(parsed.error))[0] ?? "Check the origins." }, values: { origins: raw.slice(0, 5000) } };
  await setCorsOrigins(ctx, parsed.data);
  revalidatePath(`/${slug}/settings`);
  return { ok: true, message: "Saved." };
});

export const setCallerMaskingAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const value = form.get("masking");
  if (value !== "on" && value !== "off") return { error: "Choose on or off." };
  const changed = await setCallerMasking(ctx, value === "on");
  revalidatePath(`/${slug}/settings`);
  return { ok: true, message: changed ? `Caller masking is now ${value}.` : `Caller masking was already ${value}.` };
});

const RETENTION_FIELDS = ["recordingsDays", "transcriptsDays", "webhookLogsDays", "securityEventsDays", "auditDays"] as const;

export const saveRetentionAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const raw = Object.fromEntries(RETENTION_FIELDS.map((k) => [k, Number(form.get(k))]));
  const parsed = retentionSettingsSchema.safeParse(raw);
  const values = Object.fromEntries(RETENTION_FIELDS.map((k) => [k, String(form.get(k) ?? "").slice(0, 6)]));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  await setRetentionSettings(ctx, parsed.data);
  revalidatePath(`/${slug}/settings`);
  return { ok: true, message: "Saved. Shorter periods apply at the next retention run (within the hour)." };
});

export const cancelWorkspaceAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const confirmation = String(form.get("confirmation") ?? "").slice(0, 100);
  await cancelWorkspace(ctx, confirmation);
  revalidatePath(`/${slug}`, "layout");
  return { ok: true, message: "The workspace is cancelled." };
});

export const reactivateWorkspaceAction = memberAction({ stepUp: true, allowedWhenClosed: "reactivation is what a cancelled workspace is for" }, async (ctx, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await reactivateWorkspace(ctx);
  revalidatePath(`/${slug}`, "layout");
  return { ok: true, message: "The workspace is active again." };
});

export const setTwoFactorRequiredAction = memberAction({ stepUp: true }, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const value = form.get("required");
  if (value !== "on" && value !== "off") return { error: "Choose on or off." };
  const { changed, lockedOut } = await setTwoFactorRequired(ctx, value === "on");
  revalidatePath(`/${ctx.workspace.slug}`, "layout");
  if (!changed) return { ok: true, message: `Two-factor authentication was already ${value === "on" ? "required" : "optional"}.` };
  if (value === "off") return { ok: true, message: "Two-factor authentication is now optional in this workspace." };
  return {
    ok: true,
    message: `Two-factor authentication is now required.${lockedOut > 0 ? ` ${lockedOut} member${lockedOut === 1 ? "" : "s"} must set it up before they can use the workspace again.` : ""}`,
  };
});

/** Owners only (lib/workspaces/rename.ts); a new name is no security change, so no sudo. */
export const renameWorkspaceAction = memberAction({}, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const raw = String(form.get("name") ?? "");
  const parsed = workspaceNameSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: { name: Object.values(fieldErrorsOf(parsed.error))[0] ?? "Check the name." }, values: { name: raw.slice(0, 80) } };
  const changed = await renameWorkspace(ctx, parsed.data);
  revalidatePath(`/${ctx.workspace.slug}`, "layout");
  return { ok: true, message: changed ? `The workspace is now called “${parsed.data}”.` : "That is already its name." };
});
