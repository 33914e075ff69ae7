"use server";

import { staffAction } from "@/lib/entry/staff";
import type { FormState } from "@/lib/forms/form-state";
import { createStream, deleteStream, replaceStreamSecret, setStreamEnabled } from "@/lib/evidence/streams/destinations";
import { streamFormValues, streamInputFromForm, type StreamSecretResult } from "@/lib/evidence/streams/form";
import { staffManager } from "@/lib/evidence/streams/platform";

/** The platform chain's destinations (decision 038): staff only, every change audited in the platform chain. */
export const createPlatformStreamAction = staffAction(
  async (ctx, _prev: StreamSecretResult, form: FormData): Promise<StreamSecretResult> => {
    const created = await createStream(staffManager(ctx), streamInputFromForm(form));
    return { ok: true, message: "Destination added. It starts sending within seconds.", ...(created.secret ? { secret: created.secret } : {}) };
  },
  { values: streamFormValues },
);

export const setPlatformStreamEnabledAction = staffAction(async (ctx, streamId: string, enabled: boolean, _prev: FormState, _form: FormData): Promise<FormState> => {
  await setStreamEnabled(staffManager(ctx), streamId, enabled);
  return { ok: true, message: enabled ? "Resumed." : "Paused." };
});

export const replacePlatformStreamSecretAction = staffAction(async (ctx, streamId: string, _prev: StreamSecretResult, form: FormData): Promise<StreamSecretResult> => {
  const replaced = await replaceStreamSecret(staffManager(ctx), streamId, String(form.get("secret") ?? ""));
  return { ok: true, message: "Secret replaced; the stream retries at once.", ...(replaced.secret ? { secret: replaced.secret } : {}) };
});

export const deletePlatformStreamAction = staffAction(async (ctx, streamId: string, _prev: FormState, _form: FormData): Promise<FormState> => {
  await deleteStream(staffManager(ctx), streamId);
  return { ok: true, message: "Deleted." };
});
