"use server";

import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { recordingLink } from "@/lib/calls/recording-link";

/** A fresh 60-second URL for a call's recording, asked for when the member presses play. */
export async function recordingUrlAction(slug: string, mode: "live" | "test", callId: string): Promise<ActionResult & { url?: string }> {
  let url: string | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    await ctx.require("calls:read");
    url = (await recordingLink(ctx.inMode(mode === "test" ? "test" : "live"), callId)).url;
  });
  return { ...result, url };
}
