import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/recordings/[callId]/route";
import { synthesizeCallAudio } from "@/lib/calls/audio";
import { signRecordingUrl } from "@/lib/calls/recording-url";
import { deleteWorkspaceRecordings, readRecording, storeRecording } from "@/lib/calls/recordings";
import { config } from "@/lib/config";
import { DecryptionError } from "@/lib/crypto/envelope";
import { db } from "@/lib/db/client";
import { objectStore, useObjectStoreForTests } from "@/lib/storage/object-store";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
let a: string;
let b: string;
let callA: string;
let callB: string;
let silentCall: string;
let wavA: Buffer;
let wavB: Buffer;

async function insertCall(workspaceId: string) {
  const call = await db().call.create({
    data: {
      workspaceId,
      mode: "live",
      direction: "inbound",
      status: "completed",
      callerToken: "t".repeat(43),
      callerDisplay: "+234 *** *** 789",
      toNumber: "+14155550142",
      startedAt: new Date(),
      durationSeconds: 6,
    },
  });
  return call.id;
}

async function withRecording(workspaceId: string, seed: string) {
  const id = await insertCall(workspaceId);
  const wav = synthesizeCallAudio(seed, 6);
  const key = await storeRecording(workspaceId, id, wav);
  await db().call.update({ where: { id }, data: { recordingKey: key } });
  return { id, wav };
}

beforeAll(async () => {
  await useTestEnv();
  useObjectStoreForTests(undefined);
  database = await createTestDatabase();
  a = (await db().workspace.create({ data: { slug: "rec-a", name: "A" } })).id;
  b = (await db().workspace.create({ data: { slug: "rec-b", name: "B" } })).id;
  ({ id: callA, wav: wavA } = await withRecording(a, "call-a"));
  ({ id: callB, wav: wavB } = await withRecording(b, "call-b"));
  silentCall = await insertCall(a);
});
afterAll(async () => database.close());

let peer = 0;
/** Calls the route handler in-process, from a fresh client address each time. */
async function fetchRecording(url: string, headers: Record<string, string> = {}) {
  const parsed = new URL(url, "http://localhost");
  const callId = decodeURIComponent(parsed.pathname.split("/").pop()!);
  peer += 1;
  const request = new NextRequest(parsed, { headers: { "x-switchboard-peer-ip": `203.0.113.${peer}`, ...headers } });
  const response = await GET(request, { params: Promise.resolve({ callId }) });
  const body = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get("content-type")?.includes("json") ? JSON.parse(body.toString()) : null;
  return { status: response.status, headers: response.headers, body, json, ip: `203.0.113.${peer}` };
}

describe("recordings at rest", () => {
  it("are stored sealed: no WAV on disk, private file, and they decrypt back identically", async () => {
    expect(objectStore().name).toBe("local");
    const key = `recordings/${a}/${callA}.wav.sealed`;
    const file = path.join(config().DATA_DIR, "objects", key);
    const onDisk = readFileSync(file);
    expect(onDisk.subarray(0, 4).toString("latin1")).not.toBe("RIFF");
    expect(onDisk.includes(Buffer.from("WAVEfmt "))).toBe(false);
    expect(onDisk.includes(wavA.subarray(1000, 1064))).toBe(false);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect((await readRecording(a, callA, key)).equals(wavA)).toBe(true);
  });

  it("a sealed recording does not open under another call, and another workspace's key is never read", async () => {
    await expect(readRecording(a, silentCall, `recordings/${a}/${callA}.wav.sealed`)).rejects.toBeInstanceOf(DecryptionError);
    await expect(readRecording(a, callB, `recordings/${b}/${callB}.wav.sealed`)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("GET /api/recordings/<call>", () => {
  it("serves the WAV within 60 s, privately and uncached", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callA });
    const res = await fetchRecording(url);
    expect(res.status).toBe(200);
    expect(res.body.equals(wavA)).toBe(true);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toBe("inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(wavA.length));
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers a byte range with 206 and Content-Range (what <audio> asks for)", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callA });
    const size = wavA.length;
    const head = await fetchRecording(url, { range: "bytes=0-43" });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-43/${size}`);
    expect(head.headers.get("content-length")).toBe("44");
    expect(head.body.equals(wavA.subarray(0, 44))).toBe(true);
    expect(head.headers.get("cache-control")).toBe("private, no-store");

    const open = await fetchRecording(url, { range: `bytes=${size - 10}-` });
    expect([open.status, open.headers.get("content-range")]).toEqual([206, `bytes ${size - 10}-${size - 1}/${size}`]);
    expect(open.body.equals(wavA.subarray(size - 10))).toBe(true);
    const suffix = await fetchRecording(url, { range: "bytes=-100" });
    expect(suffix.body.equals(wavA.subarray(size - 100))).toBe(true);
    const beyondEnd = await fetchRecording(url, { range: `bytes=100-${size + 5000}` });
    expect(beyondEnd.headers.get("content-range")).toBe(`bytes 100-${size - 1}/${size}`);

    const unsatisfiable = await fetchRecording(url, { range: `bytes=${size}-` });
    expect([unsatisfiable.status, unsatisfiable.headers.get("content-range")]).toEqual([416, `bytes */${size}`]);
    // Several ranges or nonsense: the whole file, as RFC 9110 allows.
    for (const range of ["bytes=0-1,5-9", "items=0-1", "bytes=9-2", "bytes=abc"]) {
      const whole = await fetchRecording(url, { range });
      expect([range, whole.status, whole.body.length]).toEqual([range, 200, size]);
    }
  });

  it("answers 403 once the 60 seconds are over, without a security event", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callA }, new Date(Date.now() - 61_000));
    const res = await fetchRecording(url);
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/expired/) });
    expect(res.json.error.request_id).toBe(res.headers.get("x-request-id"));
    expect(res.headers.get("content-type")).not.toContain("audio");
    expect(await db().securityEvent.count({ where: { ip: res.ip } })).toBe(0);
  });

  it("answers 403 to an altered signature and records an invalid_signature event for the workspace", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callA });
    const tampered = url.slice(0, -1) + (url.endsWith("x") ? "y" : "x");
    const res = await fetchRecording(tampered);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    const events = await db().securityEvent.findMany({ where: { ip: res.ip } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "invalid_signature", workspaceId: a, details: { kind: "recording_url", reason: "invalid_signature" } });
  });

  it("answers 403 when the URL names another call or workspace than it was signed for", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callA });
    expect((await fetchRecording(url.replace(callA, silentCall))).status).toBe(403);
    expect((await fetchRecording(url.replace(`w=${a}`, `w=${b}`))).status).toBe(403);
    // A workspace that does not exist has no key: refused like any forgery, with no error.
    expect((await fetchRecording(url.replace(`w=${a}`, `w=${randomUUID()}`))).status).toBe(403);
    const missing = await fetchRecording(`/api/recordings/${callA}`);
    expect([missing.status, missing.json.error.code]).toEqual([403, "FORBIDDEN"]);
  });

  it("answers 404 for another workspace's call, even with a genuine signature of the wrong workspace", async () => {
    const { url } = await signRecordingUrl({ workspaceId: a, callId: callB });
    const res = await fetchRecording(url);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
    expect(res.body.includes(wavB.subarray(0, 4))).toBe(false);
    // The right workspace's URL still works for B's call.
    const own = await fetchRecording((await signRecordingUrl({ workspaceId: b, callId: callB })).url);
    expect(own.body.equals(wavB)).toBe(true);
  });

  it("answers 404 for a call without a recording, an unknown call, and once recordings are deleted", async () => {
    expect((await fetchRecording((await signRecordingUrl({ workspaceId: a, callId: silentCall })).url)).status).toBe(404);
    expect((await fetchRecording((await signRecordingUrl({ workspaceId: a, callId: randomUUID() })).url)).status).toBe(404);
    expect(await deleteWorkspaceRecordings(a)).toBe(1);
    const gone = await fetchRecording((await signRecordingUrl({ workspaceId: a, callId: callA })).url);
    expect([gone.status, gone.json.error.code]).toEqual([404, "NOT_FOUND"]);
    // B's recordings are untouched.
    expect((await fetchRecording((await signRecordingUrl({ workspaceId: b, callId: callB })).url)).status).toBe(200);
  });
});
