import type { StreamKind } from "../kinds";
import type { StreamBatch } from "../records";

/** A destination as the sinks see it: where, how, and the opened secret. */
export interface SinkTarget {
  id: string;
  workspaceId: string | null;
  kind: StreamKind;
  url: string;
  settings: Record<string, unknown>;
  secret: string;
}

export interface SendContext {
  now: Date;
  /** Per request; the whole exchange (DNS, connect, body) within it. */
  timeoutMs: number;
}

/** What one send came to. `error` is safe to show the destination's owner (no secret, no address). */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** A 429/503 Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

export type Sink = (target: SinkTarget, batch: StreamBatch, ctx: SendContext) => Promise<SendOutcome>;

/** The `name:value` a batch is known by at the receiver: duplicates after a retry share it. */
export const batchIdOf = (target: Pick<SinkTarget, "id">, batch: StreamBatch) => {
  const first = batch.records[0]?.cursor ?? batch.advanceTo;
  const last = batch.records.at(-1)?.cursor ?? batch.advanceTo;
  return `${target.id}:${batch.source}:${first}-${last}`;
};
