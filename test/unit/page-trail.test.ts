import { describe, expect, it } from "vitest";
import { pageSummary } from "@/components/ui/pager";
import { mergePageParams, pagerChanges, parseTrail, TRAIL_MAX, trailParam } from "@/lib/core/page-trail";

/** Walks a list forward by the pager's own links, then back, as a viewer clicking would. */
function walk(cursors: string[]) {
  let trail: string[] = [];
  let cursor: string | undefined;
  const visited: (string | undefined)[] = [undefined];
  for (const next of cursors) {
    const change = pagerChanges(trail, cursor, next).next!;
    const params = mergePageParams({ status: "failed", cursor, back: trailParam(trail) }, change);
    cursor = params.get("cursor") ?? undefined;
    trail = parseTrail(params.get("back") ?? undefined);
    visited.push(cursor);
  }
  return { trail, cursor, visited };
}

describe("page trail (previous page on keyset lists)", () => {
  it("steps back through exactly the pages it came through, keeping the filters", () => {
    const walked = walk(["c2", "c3", "c4"]);
    const visited = walked.visited;
    let { trail, cursor } = walked;
    expect(cursor).toBe("c4");
    const back: (string | undefined)[] = [cursor];
    while (cursor) {
      const prev = pagerChanges(trail, cursor, null).previous!;
      const params = mergePageParams({ status: "failed", cursor, back: trailParam(trail) }, prev);
      expect(params.get("status")).toBe("failed");
      cursor = params.get("cursor") ?? undefined;
      trail = parseTrail(params.get("back") ?? undefined);
      back.push(cursor);
    }
    expect(back.reverse()).toEqual(visited);
  });

  it("offers no previous or first link on the first page, and no next without a cursor", () => {
    const c = pagerChanges([], undefined, null);
    expect(c).toEqual({ first: null, previous: null, next: null });
  });

  it("keeps at most TRAIL_MAX pages behind, so the URL stays short; First page stays", () => {
    const cursors = Array.from({ length: TRAIL_MAX + 5 }, (_, i) => `c${i + 2}`);
    const { trail, cursor } = walk(cursors);
    expect(trail).toHaveLength(TRAIL_MAX);
    expect(pagerChanges(trail, cursor, null).first).toEqual({ cursor: undefined, back: undefined });
    expect(pageSummary(trail, cursor, 50, 50)).toBe("50 rows");
  });

  it("ignores a malformed or over-long trail rather than failing the page", () => {
    expect(parseTrail("a.b/c")).toEqual([]);
    expect(parseTrail("a%2Fb")).toEqual([]);
    expect(parseTrail(Array.from({ length: TRAIL_MAX + 1 }, () => "x").join("."))).toEqual([]);
    expect(parseTrail("_.c2.c3")).toEqual(["_", "c2", "c3"]);
    expect(parseTrail(".c2")).toEqual([]);
  });

  it("drops the trail when only the cursor changes (a new filter starts from the newest)", () => {
    const params = mergePageParams({ status: "failed", cursor: "c3", back: "_.c2" }, { status: "completed", cursor: undefined });
    expect([...params.keys()]).toEqual(["status"]);
  });

  it("says where the viewer is, with a capped total", () => {
    expect(pageSummary([], undefined, 50, 50, { count: 1204, capped: false })).toBe("Rows 1–50 of 1,204");
    expect(pageSummary(["_", "c2"], "c3", 50, 50, { count: 10_000, capped: true })).toBe("Rows 101–150 of 10,000+");
    expect(pageSummary([], undefined, 50, 0, { count: 0, capped: false })).toBeUndefined();
  });
});
