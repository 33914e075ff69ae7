import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "@/lib/api-keys/format";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { flushCoalescedSecurityEvents } from "@/lib/audit/security-events";
import { db } from "@/lib/db/client";
import { registeredOperations } from "@/lib/entry/api-route";
import type { RouteHandler } from "@/lib/entry/route";
import { insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * SPEC §3 / issue 16 item 7: a key in the query string is refused with 400 API_KEY_IN_QUERY
 * whatever shape the parameter's name takes — the bracket suffixes qs-style parsers turn into
 * arrays and objects, any case, percent-encoded once or twice — at every v1 operation, each
 * refusal a security event. Operations are found by importing every v1 route file, so a new
 * operation is covered without touching this test.
 */

const V1_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const NAMES = ["api_key", "apikey", "key", "token", "x-api-key", "access_token"];
const SUFFIXES = ["", "[]", "[a]", "[0][x]"];

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
const CASES: Record<string, (name: string) => string> = {
  lower: (n) => n,
  upper: (n) => n.toUpperCase(),
  mixed: (n) => [...n].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(""),
};
const ENCODINGS: Record<string, (name: string) => string> = {
  // `api%5Fkey`, `api_key%5B%5D`: separators and brackets encoded.
  "punctuation encoded": (n) => n.replace(/[^a-zA-Z0-9]/g, hex),
  // `%61pi_key`: a letter encoded.
  "first letter encoded": (n) => `${hex(n[0] ?? "")}${n.slice(1)}`,
  "every character encoded": (n) => [...n].map(hex).join(""),
  // `api%255Fkey`: decoded once by the URL parser, once more by a lenient framework.
  "encoded twice": (n) => n.replace(/[^a-zA-Z0-9]/g, (c) => `%25${hex(c).slice(1)}`),
};
// `?api_key` (no `=`), an empty value, junk, and a real-looking key.
const VALUES = [null, "", "whatever", generateKey("live", "sk")];

interface Variant {
  label: string;
  query: string;
}

function variants(): Variant[] {
  const out: Variant[] = [];
  let i = 0;
  const add = (label: string, name: string) => {
    const value = VALUES[i++ % VALUES.length] ?? null;
    out.push({ label: `${label} (${value === null ? "no value" : value === "" ? "empty value" : "with a value"})`, query: value === null ? name : `${name}=${encodeURIComponent(value)}` });
  };
  for (const name of NAMES) {
    for (const suffix of SUFFIXES) {
      for (const [caseLabel, applyCase] of Object.entries(CASES)) add(`${applyCase(name)}${suffix} [${caseLabel}]`, `${applyCase(name)}${suffix}`);
    }
    // Each encoding with each suffix in turn (the full product adds time, not coverage).
    Object.entries(ENCODINGS).forEach(([encodingLabel, encode], e) => {
      const suffix = SUFFIXES[(e + NAMES.indexOf(name)) % SUFFIXES.length] ?? "";
      add(`${name}${suffix} [${encodingLabel}]`, encode(`${name}${suffix}`));
    });
  }
  // A key name as the object or array qs-style parsers would build around it, or full-width.
  for (const name of ["[api_key]", "filter[token]", "filter.access_token", "ＡＰＩ＿ＫＥＹ"]) add(name, encodeURIComponent(name));
  // Beside a legitimate parameter, before and after it.
  add("limit=1&api_key[]", "limit=1&api_key[]");
  add("api_key[]&limit=1", "api_key[]&limit=1");
  // No such parameter name, but the value is a key: it would be logged all the same.
  out.push({ label: "a key as the value of another parameter", query: `cursor=${generateKey("test", "pk")}` });
  return out;
}

/** Every exported method of every route file under app/api/v1, as "METHOD /path/{param}". */
async function v1Handlers(): Promise<Map<string, RouteHandler>> {
  const handlers = new Map<string, RouteHandler>();
  const files = readdirSync(V1_DIR, { recursive: true, encoding: "utf8" }).filter((f) => path.basename(f) === "route.ts");
  for (const file of files) {
    const route = `/${path.dirname(file).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");
    const mod = (await import(path.join(V1_DIR, file))) as Record<string, unknown>;
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      if (typeof mod[method] === "function") handlers.set(`${method} ${route}`, mod[method] as RouteHandler);
    }
  }
  return handlers;
}

let database: TestDatabase;
let key: string;
let handlers: Map<string, RouteHandler>;
beforeAll(async () => {
  await useTestEnv({ RATE_LIMIT_KEY_REQUESTS: "1000000", RATE_LIMIT_API_REQUESTS: "1000000" });
  database = await createTestDatabase();
  await createUser("owner@kiq.test", { workspaceSlug: "kiq" });
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug: "kiq" } });
  key = (await insertKey(ws.id, { scopes: [...PERMISSIONS] })).key;
  handlers = await v1Handlers();
});
afterAll(async () => database.close());

async function send(route: string, query: string): Promise<{ status: number; code: string | undefined }> {
  const handler = handlers.get(route);
  if (!handler) throw new Error(`no route file exports ${route}`);
  const [method = "GET", template = "/"] = route.split(" ");
  const params = { id: "00000000-0000-0000-0000-000000000000" };
  const url = `http://localhost/api/v1${template.replace(/\{\w+\}/g, params.id)}?${query}`;
  // A valid key in the header: the refusal must come first, not from a missing key.
  const request = new NextRequest(url, { method, headers: { "x-api-key": key } });
  const response = await handler(request, { params: Promise.resolve(params) });
  const json = (await response.json().catch(() => null)) as { error?: { code: string } } | null;
  return { status: response.status, code: json?.error?.code };
}

/** Occurrences, not rows: repeats from one client are coalesced into a row with a count (decision 034). */
const keyInQueryEvents = async () => {
  await flushCoalescedSecurityEvents();
  return (await db().securityEvent.aggregate({ where: { type: "api_key_in_query" }, _sum: { count: true } }))._sum.count ?? 0;
};

describe("a key in the query string, in any shape, at every v1 operation", () => {
  const cases = variants();

  it("every registered operation has a route handler to probe", () => {
    const operations = registeredOperations().map((op) => `${op.method} ${op.path}`);
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((op) => !handlers.has(op))).toEqual([]);
  });

  it("answers 400 API_KEY_IN_QUERY and records a security event for every variant", async () => {
    const operations = registeredOperations().map((op) => `${op.method} ${op.path}`);
    const wrong: string[] = [];
    const before = await keyInQueryEvents();
    for (const operation of operations) {
      for (const { label, query } of cases) {
        const answer = await send(operation, query);
        if (answer.status !== 400 || answer.code !== "API_KEY_IN_QUERY") wrong.push(`${operation} ?${query} — ${label}: ${answer.status} ${answer.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect((await keyInQueryEvents()) - before).toBe(operations.length * cases.length);
  });

  it("names that only resemble a key parameter are not refused as one", async () => {
    const before = await keyInQueryEvents();
    expect(await send("GET /calls", "limit=1")).toEqual({ status: 200, code: undefined });
    for (const query of ["monkey=1", "tokens=1", "keys[]=1", "key_id=1", "api=key"]) {
      expect(await send("GET /calls", query), query).toEqual({ status: 400, code: "VALIDATION_FAILED" });
    }
    expect(await keyInQueryEvents()).toBe(before);
  });
});
