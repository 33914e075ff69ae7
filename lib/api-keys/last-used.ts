import { db } from "../db/client";
import { log } from "../log/logger";

/**
 * "Last used" without slowing requests: uses are noted in memory and written in one batch
 * every few seconds (and at most once a minute per key).
 */
const FLUSH_EVERY_MS = 5_000;
const pending = new Map<string, Date>();
const written = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;

export function noteKeyUse(keyId: string, now = new Date()): void {
  const last = written.get(keyId);
  if (last !== undefined && now.getTime() - last < 60_000) return;
  pending.set(keyId, now);
  timer ??= setTimeout(() => void flushKeyUses(), FLUSH_EVERY_MS).unref();
}

export async function flushKeyUses(): Promise<void> {
  timer = undefined;
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
