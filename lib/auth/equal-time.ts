import { performance } from "node:perf_hooks";
import { log } from "../log/logger";

/**
 * Runs `work` — the part of a request that depends on whether an address has an account —
 * and answers no sooner than `budgetMs` after `startedAt`, so a known and an unknown address
 * cannot be told apart by timing. The answer always waits for the work (nobody is told an
 * account exists before it does); work that outlasts the budget (a slow SMTP server, a
 * stalled database) is logged, since only then could the timing differ.
 */
export async function answerAtDeadline<T>(startedAt: number, budgetMs: number, label: string, work: Promise<T>): Promise<T> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, startedAt + budgetMs - performance.now())));
  const [outcome] = await Promise.allSettled([work, deadline]);
  if (performance.now() - startedAt > budgetMs + 20) log().warn({ operation: label, budgetMs }, "address-dependent work outlasted its time budget");
  if (outcome.status === "rejected") throw outcome.reason;
  return outcome.value;
}
