import { callRecordingKey } from "./query";
import { absoluteUrl, signRecordingUrl } from "./recording-url";
import type { Principal } from "../authz/principal";

/** `{url, expires_at}` for a call's recording: a signed URL valid 60 seconds (SPEC §5). */
export async function recordingLink(viewer: Principal, callId: string, options: { absolute?: boolean; now?: Date } = {}) {
  const { callId: id } = await callRecordingKey(viewer, callId);
  const link = await signRecordingUrl({ workspaceId: viewer.workspace.id, callId: id }, options.now);
  // API answers are read by other servers: they get the public origin too.
  return options.absolute ? { ...link, url: absoluteUrl(link.url) } : link;
}
