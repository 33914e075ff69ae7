import { db } from "../db/client";
import { registerFlush, scheduleFlush } from "../db/write-behind";
import { log } from "../log/logger";

/**
 * "Last used" without slowing requests: uses are noted in memory and written in one batch by
 * the write-behind timer the request log shares (lib/db/write-behind.ts), at most once a
 * minute per key.
 */
const FLUSH_EVERY_MS = 5_000;
const pending = new Map<string, Date>();
const written = new Map<string, number>();

export function noteKeyUse(keyId: string, now = new Date()): void {
  const last = written.get(keyId);
  if (last !== undefined && now.getTime() - last < 60_000) return;
  pending.set(keyId, now);
  scheduleFlush(FLUSH_EVERY_MS);
}

export async function flushKeyUses(): Promise<void> {
  const batch = [...pending.entries()];
  pending.clear();
  for (const [id, at] of batch) {
    written.set(id, at.getTime());
    try {
      await db().apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
    } catch (error) {
      log().warn({ err: error }, "could not record API key use");
    }
  }
}

registerFlush("api-key-last-used", flushKeyUses);
