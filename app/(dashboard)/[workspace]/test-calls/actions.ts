"use server";

import { redirect } from "next/navigation";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { createTestCallBody } from "@/lib/api/v1/schemas";
import { runTestCall } from "@/lib/calls/test-calls";

/** Runs a simulated call in test mode and opens it in the call log. */
export async function runTestCallAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const raw = {
    caller: String(form.get("caller") ?? "").trim() || undefined,
    direction: String(form.get("direction") ?? "inbound"),
    status: String(form.get("status") ?? "completed"),
  };
  const parsed = createTestCallBody.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { caller: raw.caller ?? "" } };
  let callId: string | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("test_calls:run");
    const call = await runTestCall(ctx.inMode("test"), parsed.data);
    // Open it in the call log, for members who may read the log.
    if (ctx.can("calls:read")) callId = call.id;
    else return { ok: true, message: `Test call ${call.id} created.` };
  });
  if (callId) redirect(`/${slug}/calls?mode=test&call=${callId}`);
  return { ...result, values: { caller: raw.caller ?? "" } };
}
