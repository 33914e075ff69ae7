import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSource, sourceFiles } from "../support/entries";

/**
 * No two folders of lib/ import each other at run time (decision 020). Type-only imports
 * are erased by the compiler and cannot make a load-order cycle, so they do not count.
 * import/no-cycle (npm run lint) checks files; this checks folders, which is what a reader
 * of the layout sees.
 */

/** Folder pairs allowed to import each other, each with its reason (decision 020). */
const ALLOWED: Record<string, string> = {};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+([^;]*?)\s+from\s+["']([^"']+)["']/g;

/** Whether an import clause brings in only types (`import type {…}`, `{ type A, type B }`). */
function typeOnly(clause: string): boolean {
  if (clause.startsWith("type ")) return true;
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  return braces !== null && braces[1]!.split(",").every((s) => s.trim() === "" || s.trim().startsWith("type "));
}

function folderOf(file: string): string | null {
  const parts = file.split(path.sep);
  if (parts[0] !== "lib" || parts.length < 2) return null;
  return parts.length === 2 ? parts[1]!.replace(/\.ts$/, "") : parts[1]!;
}

async function runtimeEdges(): Promise<Map<string, Set<string>>> {
  const edges = new Map<string, Set<string>>();
  for (const file of (await sourceFiles()).filter((f) => f.startsWith(`lib${path.sep}`))) {
    const from = folderOf(file);
    if (!from) continue;
    for (const [, clause, spec] of (await readSource(file)).matchAll(IMPORT)) {
      if (typeOnly(clause!)) continue;
      const target = spec!.startsWith("@/") ? spec!.slice(2) : spec!.startsWith(".") ? path.normalize(path.join(path.dirname(file), spec!)) : null;
      const to = target ? folderOf(target) : null;
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  return edges;
}

describe("the folders of lib/", () => {
  it("reads imports of every kind, and tells type-only ones apart", () => {
    expect(typeOnly("type { A }")).toBe(true);
    expect(typeOnly("{ type A, type B }")).toBe(true);
    expect(typeOnly("{ type A, b }")).toBe(false);
    expect(typeOnly("x, { type A }")).toBe(false);
  });

  it("finds the dependencies it is meant to judge", async () => {
    const edges = await runtimeEdges();
    expect(edges.get("entry")?.has("authz")).toBe(true);
    expect(edges.get("calls")?.has("db")).toBe(true);
  });

  it("no two folders import each other at run time", async () => {
    const edges = await runtimeEdges();
    const mutual: string[] = [];
    for (const [a, targets] of edges) {
      for (const b of targets) if (a < b && edges.get(b)?.has(a) && !ALLOWED[`${a} ↔ ${b}`]) mutual.push(`${a} ↔ ${b}`);
    }
    expect(mutual).toEqual([]);
  });
});
