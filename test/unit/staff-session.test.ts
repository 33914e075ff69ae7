import { describe, expect, it } from "vitest";
import { isIdle, STAFF_IDLE_MS } from "@/lib/operator/session";

describe("a staff session's idle limit", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("lives while it was issued or used within the limit", () => {
    expect(isIdle(now - 5 * 60_000, null, now)).toBe(false);
    expect(isIdle(now - 3 * 3_600_000, new Date(now - STAFF_IDLE_MS + 1_000), now)).toBe(false);
  });
  it("ends after 30 minutes without a request", () => {
    expect(isIdle(now - STAFF_IDLE_MS - 1, null, now)).toBe(true);
    expect(isIdle(now - 3 * 3_600_000, new Date(now - STAFF_IDLE_MS - 1_000), now)).toBe(true);
    expect(isIdle(undefined, null, now)).toBe(true);
  });
});
