import { randomUUID } from "node:crypto";
import type { KeyMode } from "../db/generated/client";
import type { CallDirection, CallStatus } from "./kinds";
import type { TenantTx } from "../db/scoped";
import { encryptField } from "../crypto/envelope";
import { objectStore } from "../storage/object-store";
import { callerToken, maskedDisplay } from "./masking";
import { storeRecording } from "./recordings";

export interface NewCall {
  direction: CallDirection;
  status: CallStatus;
  /** The outside party, E.164 (already validated). */
  caller: string;
  toNumber: string;
  startedAt: Date;
  durationSeconds: number;
  transcript: string | null;
  recording: Buffer | null;
  simulated: boolean;
}

/**
 * Records one call under the workspace's masking setting (SPEC §5): always a keyed token and
 * the display form; the full number (sealed) only when masking is off. Transcript and
 * recording are sealed to this row. The recording is stored first and removed again if the
 * row is not written, so no orphan outlives a failure.
 */
export async function recordCall(
  workspace: { id: string; callerMasking: boolean },
  mode: KeyMode,
  call: NewCall,
  write: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>,
  afterInsert?: (tx: TenantTx, id: string) => Promise<void>,
): Promise<string> {
  const id = randomUUID();
  const bind = (column: string) => ({ workspaceId: workspace.id, column, rowId: id });
  const data = {
    id,
    workspaceId: workspace.id,
    mode,
    direction: call.direction,
    status: call.status,
    callerToken: await callerToken(workspace.id, call.caller),
    callerDisplay: maskedDisplay(call.caller),
    callerNumberEnc: workspace.callerMasking ? null : await encryptField(bind("caller_number"), call.caller),
    toNumber: call.toNumber,
    startedAt: call.startedAt,
    endedAt: new Date(call.startedAt.getTime() + call.durationSeconds * 1000),
    durationSeconds: call.durationSeconds,
    transcriptEnc: call.transcript ? await encryptField(bind("transcript"), call.transcript) : null,
    recordingKey: call.recording ? await storeRecording(workspace.id, id, call.recording) : null,
    simulated: call.simulated,
  };
  try {
    await write(async (tx) => {
      await tx.call.create({ data });
      await afterInsert?.(tx, id);
    });
  } catch (error) {
    if (data.recordingKey) await objectStore().delete(data.recordingKey).catch(() => {});
    throw error;
  }
  return id;
}
