import { describe, expect, it } from "vitest";
import { startJobRunner } from "@/lib/jobs/runner";

// Decision 053: stop(graceMs) lets a run finish within the grace, and past it cancels the run
// through its context's signal, so a shutdown is bounded.
describe("job runner stop with a grace period", () => {
  it("a run that finishes within the grace is not cancelled", async () => {
    let cancelled: boolean | undefined;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const runner = startJobRunner([
      {
        name: "quick",
        intervalMs: 60_000,
        claim: "test",
        run: async ({ signal }) => {
          started();
          await new Promise((r) => setTimeout(r, 50));
          cancelled = signal?.aborted;
          return 1;
        },
      },
    ]);
    await running;
    expect(await runner.stop(5_000)).toBe(true);
    expect(cancelled).toBe(false);
  });

  it("a run still going after the grace sees its signal abort, and stop resolves", async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const runner = startJobRunner([
      {
        name: "stuck",
        intervalMs: 60_000,
        claim: "test",
        // Runs until cancelled, as a webhook attempt to a receiver that never answers.
        run: ({ signal }) =>
          new Promise<number>((resolve) => {
            started();
            signal!.addEventListener("abort", () => resolve(0), { once: true });
          }),
      },
    ]);
    await running;
    const t0 = Date.now();
    expect(await runner.stop(200)).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });
});
