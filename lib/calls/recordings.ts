import "server-only";
import { AppError } from "../core/errors";
import { decryptField, encryptField, type FieldBinding } from "../crypto/envelope";
import { objectStore } from "../storage/object-store";

/**
 * Call recordings at rest (SPEC §5–6): sealed with the workspace's data key, bound to the
 * call (column "recording", row = call id), then put in the object store. The store — a
 * bucket or DATA_DIR — only ever holds ciphertext, and a sealed recording copied under
 * another call or workspace does not decrypt.
 */

const binding = (workspaceId: string, callId: string): FieldBinding => ({ workspaceId, column: "recording", rowId: callId });

/** Where a call's sealed recording lives; everything of a workspace is under `recordings/<id>/`. */
export function recordingObjectKey(workspaceId: string, callId: string): string {
  return `recordings/${workspaceId}/${callId}.wav.sealed`;
}

/** Seals and stores a call's WAV bytes; returns the key to keep in `calls.recording_key`. */
export async function storeRecording(workspaceId: string, callId: string, wav: Buffer): Promise<string> {
  const key = recordingObjectKey(workspaceId, callId);
  const sealed = await encryptField(binding(workspaceId, callId), wav);
  await objectStore().put(key, Buffer.from(sealed, "utf8"));
  return key;
}

/**
 * The call's WAV bytes. NOT_FOUND when the object is gone (e.g. removed by retention);
 * DecryptionError when it is not this call's recording.
 */
export async function readRecording(workspaceId: string, callId: string, key: string): Promise<Buffer> {
  // The key comes from the call row; one outside the workspace's folder is never read.
  if (!key.startsWith(`recordings/${workspaceId}/`)) throw new AppError("NOT_FOUND", "No recording for this call.");
  const sealed = await objectStore().get(key);
  if (!sealed) throw new AppError("NOT_FOUND", "No recording for this call.");
  return decryptField(binding(workspaceId, callId), sealed.toString("utf8"));
}

/** Deletes every recording of a workspace (cancellation, SPEC §10); returns how many. */
export async function deleteWorkspaceRecordings(workspaceId: string): Promise<number> {
  return objectStore().deletePrefix(`recordings/${workspaceId}/`);
}
