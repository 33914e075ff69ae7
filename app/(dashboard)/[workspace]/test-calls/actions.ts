"use server";

import { redirect } from "next/navigation";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { createTestCallBody } from "@/lib/calls/schemas";
import { runTestCall } from "@/lib/calls/test-calls";

/** Runs a simulated call in test mode and opens it in the call log. */
export const runTestCallAction = memberAction(
  { values: (form) => ({ caller: String(form.get("caller") ?? "").trim() }) },
  async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const parsed = createTestCallBody.safeParse({
      caller: String(form.get("caller") ?? "").trim() || undefined,
      direction: String(form.get("direction") ?? "inbound"),
      status: String(form.get("status") ?? "completed"),
    });
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
    await ctx.require("test_calls:run");
    const call = await runTestCall(ctx.inMode("test"), parsed.data);
    // Open it in the call log, for members who may read the log.
    if (!ctx.can("calls:read")) return { ok: true, message: `Test call ${call.id} created.` };
    redirect(`/${ctx.workspace.slug}/calls?mode=test&call=${call.id}`);
  },
);
