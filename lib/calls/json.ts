import { decryptText } from "../crypto/envelope";

/** A call row as the list, detail and export queries select it. */
export interface CallRow {
  id: string;
  direction: "inbound" | "outbound";
  status: "completed" | "failed" | "no_answer" | "busy";
  mode: "live" | "test";
  channel: "phone" | "web";
  caller_display: string;
  /** Selected only for viewers who see full numbers; NULL otherwise. */
  caller_number_enc: string | null;
  to_number: string;
  started_at: Date;
  ended_at: Date | null;
  duration_seconds: number;
  has_transcript: boolean;
  has_recording: boolean;
}

/** A call in the API's JSON form (SPEC §3): `caller_number` only when unmasked and permitted. */
export async function toCallJson(viewer: { workspace: { id: string } }, row: CallRow, full: boolean) {
  const callerNumber =
    full && row.caller_number_enc
      ? await decryptText({ workspaceId: viewer.workspace.id, column: "caller_number", rowId: row.id }, row.caller_number_enc)
      : undefined;
  return {
    id: row.id,
    direction: row.direction,
    caller_display: row.caller_display,
    ...(callerNumber ? { caller_number: callerNumber } : {}),
    to_number: row.to_number,
    started_at: row.started_at.toISOString(),
    ended_at: row.ended_at?.toISOString() ?? null,
    duration_seconds: row.duration_seconds,
    status: row.status,
    mode: row.mode,
    channel: row.channel,
    has_transcript: row.has_transcript,
    has_recording: row.has_recording,
  };
}

export type CallJson = Awaited<ReturnType<typeof toCallJson>>;
