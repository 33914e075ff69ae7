"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createWebhookEndpointBody, rotateSecretBody, rotateSigningKeyBody, signatureSchemeSchema } from "@/lib/webhooks/schemas";
import { rotateWorkspaceSigningKey } from "@/lib/webhooks/signing-keys";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { resendDelivery, sendTestEvent } from "@/lib/webhooks/deliveries";
import { startRecovery } from "@/lib/webhooks/recoveries";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/webhooks/endpoints";

export interface SecretResult extends ActionResult {
  secret?: string;
  /** The same secret as Standard Webhooks libraries take it (whsec_ + standard base64). */
  standardSecret?: string;
  signatureScheme?: string;
  endpointId?: string;
  previousExpiresAt?: string | null;
}

type Mode = "live" | "test";
const modeOf = (m: string): Mode => (m === "test" ? "test" : "live");
const base = (slug: string) => `/${slug}/developers/webhooks`;

/** The create and edit forms' fields, checked by the API's creation schema. */
const parseEndpointForm = (form: FormData) =>
  createWebhookEndpointBody.safeParse({
    url: String(form.get("url") ?? "").trim(),
    events: form.getAll("events").map(String),
    description: String(form.get("description") ?? "").trim() || undefined,
    // Only the create form has it; the edit form leaves the scheme alone (its own form changes it).
    signature_scheme: form.has("signature_scheme") ? String(form.get("signature_scheme")) : undefined,
    // Only the edit form has it; the create form's endpoints start at the default.
    rate_limit_per_second: form.has("rate_limit_per_second") ? Number(String(form.get("rate_limit_per_second")).trim() || Number.NaN) : undefined,
  });

export const createEndpointAction = memberAction(
  { values: (form) => ({ url: String(form.get("url") ?? "").trim().slice(0, 2048), description: String(form.get("description") ?? "").trim() }) },
  async (ctx, mode: string, _prev: SecretResult, form: FormData): Promise<SecretResult> => {
    const parsed = parseEndpointForm(form);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
    await ctx.require("webhooks:manage");
    const created = await createEndpoint(ctx.inMode(modeOf(mode)), parsed.data);
    revalidatePath(base(ctx.workspace.slug));
    // The secret travels to the browser exactly once, in this answer.
    return { ok: true, secret: created.secret, standardSecret: created.standard_secret, signatureScheme: created.signature_scheme, endpointId: created.id };
  },
);

/** The creation form's checks (the same schema, the same outbound rules in updateEndpoint); the secret stays. */
export const updateEndpointAction = memberAction(
  { values: (form) => ({ url: String(form.get("url") ?? "").trim().slice(0, 2048), description: String(form.get("description") ?? "").trim().slice(0, 500) }) },
  async (ctx, mode: string, endpointId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const parsed = parseEndpointForm(form);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
    await ctx.require("webhooks:manage");
    await updateEndpoint(ctx.inMode(modeOf(mode)), endpointId, { ...parsed.data, description: parsed.data.description ?? null });
    revalidatePath(`${base(ctx.workspace.slug)}/${endpointId}`);
    return { ok: true, message: "Saved. The next deliveries use these settings; the signing secret is unchanged." };
  },
);

export const rotateSecretAction = memberAction({ stepUp: true }, async (ctx, mode: string, endpointId: string, _prev: SecretResult, form: FormData): Promise<SecretResult> => {
  const parsed = rotateSecretBody.safeParse({ grace_period_hours: Number(form.get("grace") ?? 24) });
  if (!parsed.success) return { error: "Choose a grace period of 0 to 72 hours." };
  await ctx.require("webhooks:manage");
  const rotated = await rotateEndpointSecret(ctx.inMode(modeOf(mode)), endpointId, parsed.data.grace_period_hours);
  revalidatePath(`${base(ctx.workspace.slug)}/${endpointId}`);
  return { ok: true, secret: rotated.secret, standardSecret: rotated.standard_secret, previousExpiresAt: rotated.previous_secret_expires_at };
});

/** The endpoint's signature scheme (decision 049): the receiver must verify the new one before this is saved. */
export const setSignatureSchemeAction = memberAction({}, async (ctx, mode: string, endpointId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const parsed = signatureSchemeSchema.safeParse(form.get("signature_scheme"));
  if (!parsed.success) return { fieldErrors: { signature_scheme: "Choose one of the three schemes." } };
  await ctx.require("webhooks:manage");
  await updateEndpoint(ctx.inMode(modeOf(mode)), endpointId, { signature_scheme: parsed.data });
  revalidatePath(`${base(ctx.workspace.slug)}/${endpointId}`);
  return { ok: true, message: "Saved. The next delivery attempt is signed with this scheme." };
});

/** A new Ed25519 key pair for the workspace; the previous key keeps signing, second, for the grace period. Audited. */
export const rotateSigningKeyAction = memberAction({ stepUp: true }, async (ctx, mode: string, endpointId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const parsed = rotateSigningKeyBody.safeParse({ grace_period_hours: Number(form.get("grace") ?? 24) });
  if (!parsed.success) return { error: "Choose a grace period of 0 to 72 hours." };
  await ctx.require("webhooks:manage");
  const rotated = await rotateWorkspaceSigningKey(ctx.inMode(modeOf(mode)), parsed.data.grace_period_hours);
  revalidatePath(`${base(ctx.workspace.slug)}/${endpointId}`);
  const until = rotated.previous_key_expires_at ? ` The previous key also signs, second, until ${new Date(rotated.previous_key_expires_at).toUTCString()}.` : " The previous key no longer signs.";
  return { ok: true, message: `New signing key ${rotated.keys[0]!.kid.slice(0, 12)}… published and signing.${until}` };
});

export const setEnabledAction = memberAction({}, async (ctx, mode: string, endpointId: string, enabled: boolean, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await ctx.require("webhooks:manage");
  await updateEndpoint(ctx.inMode(modeOf(mode)), endpointId, { enabled });
  revalidatePath(`${base(slug)}/${endpointId}`);
  return { ok: true, message: enabled ? "Enabled." : "Disabled: no deliveries until you enable it again." };
});

export const deleteEndpointAction = memberAction({ stepUp: true }, async (ctx, mode: string, endpointId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await ctx.require("webhooks:manage");
  await deleteEndpoint(ctx.inMode(modeOf(mode)), endpointId);
  redirect(`${base(ctx.workspace.slug)}${mode === "test" ? "?mode=test" : ""}`);
});

export const sendTestEventAction = memberAction({}, async (ctx, mode: string, endpointId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await ctx.require("webhooks:manage");
  const { id } = await sendTestEvent(ctx.inMode(modeOf(mode)), endpointId);
  revalidatePath(`${base(slug)}/${endpointId}`);
  return { ok: true, message: `Test event ${id} queued.` };
});

export const resendAction = memberAction({}, async (ctx, mode: string, endpointId: string, deliveryId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await ctx.require("webhooks:manage");
  await resendDelivery(ctx.inMode(modeOf(mode)), deliveryId);
  revalidatePath(`${base(slug)}/${endpointId}`);
  return { ok: true, message: "Queued again." };
});

const RESEND_WINDOWS_HOURS = new Set([1, 6, 24, 72, 168, 720]);

export const resendFailedAction = memberAction({}, async (ctx, mode: string, endpointId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await ctx.require("webhooks:manage");
  const hours = Number(form.get("hours"));
  if (!RESEND_WINDOWS_HOURS.has(hours)) return { error: "Choose how far back to look." };
  const now = new Date();
  // A background job (webhook-recoveries) does the sending; the card shows its progress.
  await startRecovery(ctx.inMode(modeOf(mode)), endpointId, new Date(now.getTime() - hours * 3_600_000), now);
  revalidatePath(`${base(slug)}/${endpointId}`);
  return { ok: true, message: "Recovery started: the failed events are being queued again, each once, with its original id." };
});
