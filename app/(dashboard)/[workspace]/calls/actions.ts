"use server";

import { memberAction, type ActionResult } from "@/lib/entry/action";
import { recordingLink } from "@/lib/calls/recording-link";

/** A fresh 60-second URL for a call's recording, asked for when the member presses play. */
export const recordingUrlAction = memberAction({}, async (ctx, mode: "live" | "test", callId: string): Promise<ActionResult & { url?: string }> => {
  await ctx.require("calls:read");
  return { ok: true, url: (await recordingLink(ctx.inMode(mode === "test" ? "test" : "live"), callId)).url };
});
