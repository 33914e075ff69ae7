import { Worker } from "node:worker_threads";
import { VERIFY_WORKER_SOURCE, type BatchResult } from "./verify-batch";

/**
 * A few worker threads for one verification, fed round-robin. Each worker answers its batches
 * in the order it got them; callers await results in the order they submitted. A worker that
 * dies rejects what it had pending, and the pool refuses further work (the caller then goes
 * on in its own thread).
 */
export interface VerifyPool {
  verify(batch: { n: number; fields: string; changes: string }): Promise<BatchResult>;
  close(): Promise<void>;
}

export function createVerifyPool(size: number, chainKey: string): VerifyPool {
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: unknown) => void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: size }, () => {
    // A bigger young generation: each batch is a few MB of short-lived strings.
    const worker = new Worker(VERIFY_WORKER_SOURCE, { eval: true, workerData: { chainKey }, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    worker.on("message", (m: BatchResult & { id: number }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      p?.resolve(m.ok ? { ok: true, firstSeq: m.firstSeq, firstPrevHash: m.firstPrevHash, lastSeq: m.lastSeq, lastHash: m.lastHash } : { ok: false });
    });
    worker.on("error", (error) => fail(error));
    worker.on("exit", (code) => fail(new Error(`audit verify worker exited (${code})`)));
    return worker;
  });
  let nextId = 0;
  return {
    verify({ n, fields, changes }) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const worker = workers[id % workers.length];
      if (!worker) return Promise.reject(new Error("audit verify pool has no workers"));
      const result = new Promise<BatchResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, n, fields, changes });
      });
      // A caller that stops early never awaits the rest: their failure must not go unhandled.
      result.catch(() => {});
      return result;
    },
    async close() {
      failure ??= new Error("audit verify pool closed");
      pending.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
