import { callRecordingKey } from "./query";
import { signRecordingUrl } from "./recording-url";
import type { CallViewer } from "./viewer";

/** `{url, expires_at}` for a call's recording: a signed URL valid 60 seconds (SPEC §5). */
export async function recordingLink(viewer: CallViewer, callId: string, now = new Date()) {
  const { callId: id } = await callRecordingKey(viewer, callId);
  return signRecordingUrl({ workspaceId: viewer.workspace.id, callId: id }, now);
}
