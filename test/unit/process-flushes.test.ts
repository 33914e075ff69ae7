import { describe, expect, it, vi } from "vitest";

// Next bundles lib/db/write-behind.ts into several chunks: one process, several copies, each
// with its own registry. A shutdown imports one copy; it must flush what every copy holds.
describe("shutdown flush across module copies", () => {
  it("runs the writers registered in two copies of write-behind, from a third", async () => {
    const written: string[] = [];
    vi.resetModules();
    const first = await import("../../lib/db/write-behind");
    first.registerFlush("request-logs", async () => void written.push("first copy's rows"));
    vi.resetModules();
    const second = await import("../../lib/db/write-behind");
    expect(second).not.toBe(first);
    second.registerFlush("request-logs", async () => void written.push("second copy's rows"));
    vi.resetModules();
    const shutdown = await import("../../lib/core/process-flushes");
    expect(await shutdown.flushEveryCopy()).toBe(0);
    expect(written.sort()).toEqual(["first copy's rows", "second copy's rows"]);
  });

  it("a failing copy does not stop the others and is counted", async () => {
    const { registerProcessFlush, flushEveryCopy } = await import("../../lib/core/process-flushes");
    let ran = false;
    registerProcessFlush(async () => {
      throw new Error("database gone");
    });
    registerProcessFlush(async () => void (ran = true));
    expect(await flushEveryCopy()).toBeGreaterThanOrEqual(1);
    expect(ran).toBe(true);
  });
});
