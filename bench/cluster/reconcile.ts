import type { Receiver } from "./receiver";
import type { ThrowawayPostgres } from "./services";

export interface Reconciliation {
  accepted: number;
  /** Accepted test calls with no call.completed event (lost writes) or more than one. */
  withoutEvent: number;
  withSeveralEvents: number;
  /** Events the receiver never saw by the deadline. */
  notReceived: number;
  /** Events the receiver saw more often than attempts were claimed for them: an attempt sent twice. */
  twiceInOneAttempt: number;
  /** Arrivals beyond the first (at-least-once: a killed worker's attempt is sent again, as a new attempt). */
  redelivered: number;
  seconds: number;
}

interface EventRow {
  call_id: string;
  event_id: string;
  attempts: number;
}

/**
 * Every accepted test call has exactly one call.completed event and the receiver saw every
 * event id; waits (calling `tick` each second: the simulated clock) until it holds or the deadline.
 */
export async function reconcile(pg: ThrowawayPostgres, database: string, receiver: Receiver, accepted: Set<string>, options: { deadlineMs: number; tick?: () => Promise<void> }): Promise<Reconciliation> {
  const started = Date.now();
  const ids = [...accepted];
  let rows: EventRow[] = [];
  for (;;) {
    await options.tick?.();
    rows = await pg
      .query<EventRow>(
        database,
        `SELECT e.body::jsonb->'data'->'object'->>'id' AS call_id, e.id AS event_id, coalesce(max(d.attempts), 0)::int AS attempts
           FROM webhook_events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id
          WHERE e.type = 'call.completed' AND e.body::jsonb->'data'->'object'->>'id' = ANY($1::text[])
          GROUP BY e.id`,
        [ids],
      )
      .catch(() => rows);
    const missing = rows.filter((r) => !receiver.seen.has(r.event_id)).length;
    if ((missing === 0 && rows.length >= ids.length) || Date.now() - started > options.deadlineMs) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const perCall = new Map<string, number>();
  for (const r of rows) perCall.set(r.call_id, (perCall.get(r.call_id) ?? 0) + 1);
  return {
    accepted: ids.length,
    withoutEvent: ids.filter((id) => !perCall.has(id)).length,
    withSeveralEvents: [...perCall.values()].filter((n) => n > 1).length,
    notReceived: rows.filter((r) => !receiver.seen.has(r.event_id)).length,
    twiceInOneAttempt: rows.filter((r) => (receiver.seen.get(r.event_id) ?? 0) > r.attempts).length,
    redelivered: rows.reduce((n, r) => n + Math.max(0, (receiver.seen.get(r.event_id) ?? 0) - 1), 0),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** "survived" or "lost N": N counts accepted calls without their event and events never received. */
export function verdict(r: Reconciliation): string {
  const lost = r.withoutEvent + r.notReceived;
  const extra = r.withSeveralEvents + r.twiceInOneAttempt;
  return `${lost === 0 && extra === 0 ? "survived" : `lost ${lost}`}${extra ? `, ${r.withSeveralEvents} calls with several events, ${r.twiceInOneAttempt} sent twice in one attempt` : ""}`;
}
