"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { createStream, deleteStream, ownerManager, replaceStreamSecret, setStreamEnabled } from "@/lib/evidence/streams/destinations";
import { streamFormValues, streamInputFromForm, type StreamSecretResult } from "@/lib/evidence/streams/form";

const page = (slug: string) => `/${slug}/security/streams`;

/** Every change to a stream is an owner's, in sudo mode, and audited (decision 038). */
export const createStreamAction = memberAction(
  { stepUp: true, values: streamFormValues },
  async (ctx, _prev: StreamSecretResult, form: FormData): Promise<StreamSecretResult> => {
    const created = await createStream(await ownerManager(ctx, "add an evidence stream"), streamInputFromForm(form));
    revalidatePath(page(ctx.workspace.slug));
    return { ok: true, message: "Destination added. It starts sending within seconds.", ...(created.secret ? { secret: created.secret } : {}) };
  },
);

export const setStreamEnabledAction = memberAction({ stepUp: true }, async (ctx, streamId: string, enabled: boolean, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await setStreamEnabled(await ownerManager(ctx, enabled ? "resume an evidence stream" : "pause an evidence stream"), streamId, enabled);
  revalidatePath(page(ctx.workspace.slug));
  return { ok: true, message: enabled ? "Resumed: it sends everything since it was paused." : "Paused: nothing is sent, and nothing is lost." };
});

export const replaceStreamSecretAction = memberAction({ stepUp: true }, async (ctx, streamId: string, _prev: StreamSecretResult, form: FormData): Promise<StreamSecretResult> => {
  const replaced = await replaceStreamSecret(await ownerManager(ctx, "replace a stream's secret"), streamId, String(form.get("secret") ?? ""));
  revalidatePath(page(ctx.workspace.slug));
  return { ok: true, message: "Secret replaced; the stream retries at once.", ...(replaced.secret ? { secret: replaced.secret } : {}) };
});

export const deleteStreamAction = memberAction({ stepUp: true }, async (ctx, streamId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await deleteStream(await ownerManager(ctx, "delete an evidence stream"), streamId);
  revalidatePath(page(ctx.workspace.slug));
  return { ok: true, message: "Deleted." };
});
