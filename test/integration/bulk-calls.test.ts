import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerToken, maskedDisplay } from "@/lib/calls/masking";
import { decryptText, DecryptionError } from "@/lib/crypto/envelope";
import { db } from "@/lib/db/client";
import { seedCalls, type SeedCallsResult } from "@/lib/seed/bulk-calls";
import { CALLER_COUNTRIES, createCallGenerator, FALLBACK_TO_NUMBER, type GeneratedCall } from "@/lib/calls/simulation/call-generator";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";

const COUNT = 3000;
const OPEN_COUNT = 300;
const SEED = 7;
const NOW = new Date("2026-11-20T15:30:00Z");
const DAY_MS = 86_400_000;
const OUR_NUMBERS = ["+2348035550101", "+442079460123"];

interface CallRow {
  id: string;
  mode: string;
  direction: string;
  status: string;
  callerToken: string;
  callerDisplay: string;
  callerNumberEnc: string | null;
  toNumber: string;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number;
  transcriptEnc: string | null;
  recordingKey: string | null;
}

let database: TestDatabase;
let masked: { id: string; result: SeedCallsResult; rows: CallRow[]; generated: GeneratedCall[]; callers: string[] };
let open: { id: string; result: SeedCallsResult; rows: CallRow[]; generated: GeneratedCall[] };

/** The calls seedCalls drew, regenerated from the same options (only ids differ). */
function regenerate(count: number, toNumbers: string[]) {
  const generator = createCallGenerator({ count, toNumbers, seed: SEED, now: NOW, days: 365, transcriptShare: 0.05 });
  return { callers: generator.callers.map((c) => c.e164), calls: Array.from({ length: count }, () => generator.next()) };
}
const callKey = (c: { startedAt: Date; durationSeconds: number; status: string; direction: string }) =>
  `${c.startedAt.toISOString()}|${c.durationSeconds}|${c.status}|${c.direction}`;

/** Pairs each generated call with its row (by start, duration, status, direction: unique here). */
function pair(rows: CallRow[], generated: GeneratedCall[]): [GeneratedCall, CallRow][] {
  const byKey = new Map(rows.map((r) => [callKey(r), r]));
  expect(byKey.size).toBe(rows.length);
  return generated.map((g) => {
    const row = byKey.get(callKey(g));
    expect(row, `row for ${callKey(g)}`).toBeDefined();
    return [g, row!];
  });
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  const a = await db().workspace.create({ data: { slug: "bulk-masked", name: "Masked" } });
  for (const number of OUR_NUMBERS) await db().phoneNumber.create({ data: { workspaceId: a.id, number, mode: "live" } });
  await db().phoneNumber.create({ data: { workspaceId: a.id, number: "+14155550142", mode: "test" } });
  const b = await db().workspace.create({ data: { slug: "bulk-open", name: "Open", callerMasking: false } });

  const result = await seedCalls({ workspaceId: a.id, count: COUNT, seed: SEED, now: NOW, batchSize: 1000 });
  const toNumbers = (await db().phoneNumber.findMany({ where: { workspaceId: a.id, mode: "live" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((n) => n.number);
  const again = regenerate(COUNT, toNumbers);
  masked = { id: a.id, result, rows: await db().call.findMany({ where: { workspaceId: a.id } }), generated: again.calls, callers: again.callers };

  // No test-mode numbers in this workspace: every call goes to the fallback number.
  const openResult = await seedCalls({ workspaceId: b.id, count: OPEN_COUNT, mode: "test", seed: SEED, now: NOW });
  open = { id: b.id, result: openResult, rows: await db().call.findMany({ where: { workspaceId: b.id } }), generated: regenerate(OPEN_COUNT, []).calls };
}, 120_000);
afterAll(async () => database.close());

describe("the call generator", () => {
  it("is deterministic: the same options give the same calls", () => {
    const one = createCallGenerator({ count: 500, seed: 3, now: NOW });
    const two = createCallGenerator({ count: 500, seed: 3, now: NOW });
    for (let i = 0; i < 500; i++) expect(one.next()).toEqual(two.next());
    expect(createCallGenerator({ count: 500, seed: 4, now: NOW }).next()).not.toEqual(createCallGenerator({ count: 500, seed: 3, now: NOW }).next());
  });

  it("draws valid numbers from every country and the agreed status mix", () => {
    const generator = createCallGenerator({ count: 20_000, now: NOW, transcriptShare: 1 });
    expect(new Set(generator.callers.map((c) => c.e164)).size).toBe(generator.callers.length);
    for (const caller of generator.callers) {
      const parsed = parsePhoneNumberFromString(caller.e164);
      expect(parsed?.isValid(), caller.e164).toBe(true);
      expect(parsed?.country).toBe(caller.country);
    }
    expect(new Set(generator.callers.map((c) => c.country))).toEqual(new Set(CALLER_COUNTRIES));
    const calls = Array.from({ length: 20_000 }, () => generator.next());
    const share = (status: string) => calls.filter((c) => c.status === status).length / calls.length;
    expect(share("completed")).toBeCloseTo(0.78, 1);
    expect(share("no_answer")).toBeCloseTo(0.1, 1);
    expect(share("failed")).toBeCloseTo(0.07, 1);
    expect(share("busy")).toBeCloseTo(0.05, 1);
    expect(calls.filter((c) => c.direction === "inbound").length / calls.length).toBeGreaterThan(0.75);
    for (const c of calls) {
      expect(c.endedAt.getTime() - c.startedAt.getTime()).toBe(c.durationSeconds * 1000);
      if (c.status === "no_answer" || c.status === "busy") expect(c.durationSeconds).toBe(0);
      expect(c.transcript !== null).toBe(c.status === "completed");
      expect(c.transcript ?? "").not.toMatch(/\d{4}/);
    }
    const working = calls.filter((c) => c.startedAt.getUTCHours() >= 9 && c.startedAt.getUTCHours() < 17).length;
    expect(working / calls.length).toBeGreaterThan(0.5); // 8 of 24 hours carry most calls
    expect(parsePhoneNumberFromString(FALLBACK_TO_NUMBER)?.isValid()).toBe(true);
  });
});

describe("seedCalls with caller masking on", () => {
  it("inserts the requested count: every status, several countries, our numbers only, no recordings", () => {
    const { rows, result } = masked;
    expect(result.inserted).toBe(COUNT);
    expect(result.masked).toBe(true);
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["completed", "no_answer", "failed", "busy"]));
    expect(new Set(rows.map((r) => r.direction))).toEqual(new Set(["inbound", "outbound"]));
    expect(new Set(rows.map((r) => r.callerDisplay.split(" ")[0])).size).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.toNumber))).toEqual(new Set(OUR_NUMBERS));
    for (const r of rows) {
      expect(r.mode).toBe("live");
      expect(r.recordingKey).toBeNull();
      expect(r.endedAt!.getTime() - r.startedAt.getTime()).toBe(r.durationSeconds * 1000);
      expect(r.startedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(r.startedAt.getTime()).toBeGreaterThan(NOW.getTime() - 365 * DAY_MS);
      if (r.transcriptEnc) expect(r.status).toBe("completed");
    }
    const completed = rows.filter((r) => r.status === "completed").length;
    const transcripts = rows.filter((r) => r.transcriptEnc).length;
    expect(result.transcripts).toBe(transcripts);
    expect(transcripts / completed).toBeGreaterThan(0.02);
    expect(transcripts / completed).toBeLessThan(0.1);
  });

  it("stores no caller number: no column holds more than 3 of its digits outside to_number", async () => {
    // Every text-like column of the table, including any added later.
    const columns = await db().$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns
      WHERE table_name = 'calls' AND data_type IN ('text', 'character varying', 'USER-DEFINED')`;
    const names = columns.map((c) => c.column_name);
    expect(names).toEqual(expect.arrayContaining(["caller_token", "caller_display", "caller_number_enc", "transcript_enc", "to_number"]));
    const dump = await db().$queryRaw<{ row: Record<string, unknown> }[]>`SELECT to_jsonb(c) AS row FROM calls c WHERE workspace_id = ${masked.id}::uuid`;
    expect(dump).toHaveLength(COUNT);

    // Opaque values (token, sealed fields) are random base64url, where a digit run can occur
    // by chance; what must never occur is a piece of a caller's number. 7-digit windows of
    // every generated caller, to test each digit run against.
    const callerWindows = new Set<string>();
    for (const e164 of masked.callers) for (let i = 1; i + 7 <= e164.length; i++) callerWindows.add(e164.slice(i, i + 7));
    const opaque = new Set(["caller_token", "caller_number_enc", "transcript_enc"]);
    const text: string[] = [];
    for (const { row } of dump) {
      expect(OUR_NUMBERS).toContain(row.to_number);
      expect(row.caller_number_enc).toBeNull();
      expect(row.caller_display).toMatch(/^\+\d{1,3} \*\*\* \*\*\* \d{3}$/);
      expect(row.caller_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      if (row.transcript_enc !== null) expect(row.transcript_enc).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      for (const name of names) {
        const value = row[name];
        if (typeof value !== "string" || name === "to_number") continue;
        text.push(value);
        if (!opaque.has(name)) expect(value, `${name} holds a run of more than 3 digits`).not.toMatch(/\d{4}/);
        for (const run of value.match(/\d{7,}/g) ?? []) {
          for (let i = 0; i + 7 <= run.length; i++) expect(callerWindows.has(run.slice(i, i + 7)), `${name} holds caller digits`).toBe(false);
        }
      }
    }
    const all = text.join("\n");
    for (const e164 of masked.callers) {
      const national = parsePhoneNumberFromString(e164)!.nationalNumber;
      expect(all.includes(national), "a national number is stored").toBe(false);
      expect(all.includes(e164.slice(-7)), "the last 7 digits are stored").toBe(false);
    }
  });

  it("one caller has one token (callerToken's), one display form, and callers repeat", async () => {
    const tokens = new Map<string, Set<string>>();
    const owners = new Map<string, string>();
    for (const [call, row] of pair(masked.rows, masked.generated)) {
      expect(row.toNumber).toBe(call.toNumber);
      expect(row.callerDisplay).toBe(maskedDisplay(call.caller));
      tokens.set(call.caller, (tokens.get(call.caller) ?? new Set()).add(row.callerToken));
      expect(owners.get(row.callerToken) ?? call.caller, "two callers share a token").toBe(call.caller);
      owners.set(row.callerToken, call.caller);
    }
    for (const [e164, set] of tokens) {
      expect([...set]).toEqual([await callerToken(masked.id, e164)]);
    }
    const counts = [...tokens.keys()].map((e164) => masked.generated.filter((g) => g.caller === e164).length);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(20); // heavy repeat callers
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(0); // and one-off callers
  });

  it("transcripts decrypt for their own row and fail for another row", async () => {
    const pairs = pair(masked.rows, masked.generated).filter(([, row]) => row.transcriptEnc);
    expect(pairs.length).toBeGreaterThan(20);
    for (const [index, [call, row]] of pairs.entries()) {
      const text = await decryptText({ workspaceId: masked.id, column: "transcript", rowId: row.id }, row.transcriptEnc!);
      expect(text).toBe(call.transcript);
      expect(text).toMatch(/^Agent: /);
      const [, other] = nth(pairs, (index + 1) % pairs.length, "seeded pair");
      await expect(decryptText({ workspaceId: masked.id, column: "transcript", rowId: other.id }, row.transcriptEnc!)).rejects.toBeInstanceOf(DecryptionError);
    }
  });
});

describe("seedCalls with caller masking off", () => {
  it("seals each caller number to its row: it decrypts to the caller's valid E.164", async () => {
    expect(open.result).toMatchObject({ inserted: OPEN_COUNT, masked: false });
    expect(open.rows).toHaveLength(OPEN_COUNT);
    for (const [call, row] of pair(open.rows, open.generated)) {
      expect(row.mode).toBe("test");
      expect(row.toNumber).toBe(FALLBACK_TO_NUMBER);
      const e164 = await decryptText({ workspaceId: open.id, column: "caller_number", rowId: row.id }, row.callerNumberEnc!);
      expect(e164).toBe(call.caller);
      expect(parsePhoneNumberFromString(e164)?.isValid()).toBe(true);
      expect(parsePhoneNumberFromString(e164)?.number).toBe(e164);
      expect(row.callerDisplay).toBe(maskedDisplay(e164));
      expect(row.callerToken).toBe(await callerToken(open.id, e164));
    }
    const firstRow = nth(open.rows, 0, "seeded row");
    const secondRow = nth(open.rows, 1, "seeded row");
    await expect(decryptText({ workspaceId: open.id, column: "caller_number", rowId: secondRow.id }, firstRow.callerNumberEnc!)).rejects.toBeInstanceOf(DecryptionError);
  });
});
