import type { TenantTx } from "../db/scoped";
import { emitEvent } from "../webhooks/outbox";
import { toCallJson } from "./json";
import { maskedCallRow } from "./query";

/**
 * `call.completed` or `call.failed` for a call just written, in the same transaction
 * (the outbox). The payload is the call's API form, masked whatever the setting.
 */
export async function emitCallEvent(tx: TenantTx, workspace: { id: string; callerMasking: boolean }, callId: string, now = new Date()) {
  const row = await maskedCallRow(tx, workspace.id, callId);
  if (!row) throw new Error("emitCallEvent: the call is not in this transaction");
  const object = await toCallJson({ workspace }, row, false);
  return emitEvent(tx, { workspaceId: workspace.id, mode: row.mode, type: row.status === "completed" ? "call.completed" : "call.failed", data: { object }, now });
}
