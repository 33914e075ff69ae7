"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createWebhookEndpointBody, rotateSecretBody } from "@/lib/api/v1/schemas";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { resendDelivery, sendTestEvent } from "@/lib/webhooks/deliveries";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/webhooks/endpoints";

export interface SecretResult extends ActionResult {
  secret?: string;
  endpointId?: string;
  previousExpiresAt?: string | null;
}

type Mode = "live" | "test";
const modeOf = (m: string): Mode => (m === "test" ? "test" : "live");
const base = (slug: string) => `/${slug}/developers/webhooks`;

export async function createEndpointAction(slug: string, mode: string, _prev: SecretResult, form: FormData): Promise<SecretResult> {
  const raw = { url: String(form.get("url") ?? "").trim(), events: form.getAll("events").map(String), description: String(form.get("description") ?? "").trim() || undefined };
  const parsed = createWebhookEndpointBody.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { url: raw.url.slice(0, 2048), description: raw.description ?? "" } };
  let created: { id: string; secret: string } | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("webhooks:manage");
    created = await createEndpoint(ctx.inMode(modeOf(mode)), parsed.data);
    revalidatePath(base(slug));
  });
  // The secret travels to the browser exactly once, in this answer.
  return created ? { ok: true, secret: created.secret, endpointId: created.id } : { ...result, values: { url: raw.url.slice(0, 2048), description: raw.description ?? "" } };
}

export async function rotateSecretAction(slug: string, mode: string, endpointId: string, _prev: SecretResult, form: FormData): Promise<SecretResult> {
  const parsed = rotateSecretBody.safeParse({ grace_period_hours: Number(form.get("grace") ?? 24) });
  if (!parsed.success) return { error: "Choose a grace period of 0 to 72 hours." };
  let rotated: { secret: string; previous_secret_expires_at: string | null } | undefined;
  const result = await runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await ctx.require("webhooks:manage");
    rotated = await rotateEndpointSecret(ctx.inMode(modeOf(mode)), endpointId, parsed.data.grace_period_hours);
    revalidatePath(`${base(slug)}/${endpointId}`);
  });
  return rotated ? { ok: true, secret: rotated.secret, previousExpiresAt: rotated.previous_secret_expires_at } : result;
}

export async function setEnabledAction(slug: string, mode: string, endpointId: string, enabled: boolean, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("webhooks:manage");
    await updateEndpoint(ctx.inMode(modeOf(mode)), endpointId, { enabled });
    revalidatePath(`${base(slug)}/${endpointId}`);
    return { ok: true, message: enabled ? "Enabled." : "Disabled: no deliveries until you enable it again." };
  });
}

export async function deleteEndpointAction(slug: string, mode: string, endpointId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  const result = await runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await ctx.require("webhooks:manage");
    await deleteEndpoint(ctx.inMode(modeOf(mode)), endpointId);
  });
  if (result.ok) redirect(`${base(slug)}${mode === "test" ? "?mode=test" : ""}`);
  return result;
}

export async function sendTestEventAction(slug: string, mode: string, endpointId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("webhooks:manage");
    const { id } = await sendTestEvent(ctx.inMode(modeOf(mode)), endpointId);
    revalidatePath(`${base(slug)}/${endpointId}`);
    return { ok: true, message: `Test event ${id} queued.` };
  });
}

export async function resendAction(slug: string, mode: string, endpointId: string, deliveryId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("webhooks:manage");
    await resendDelivery(ctx.inMode(modeOf(mode)), deliveryId);
    revalidatePath(`${base(slug)}/${endpointId}`);
    return { ok: true, message: "Queued again." };
  });
}
