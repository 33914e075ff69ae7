import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const timingSafeEqual = vi.hoisted(() => ({ calls: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqual.calls += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});

import { absoluteUrl, RecordingUrlError, signRecordingUrl, verifyRecordingUrl } from "@/lib/calls/recording-url";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

const workspaceA = randomUUID();
const workspaceB = randomUUID();
const callId = randomUUID();
const otherCall = randomUUID();
const signedAt = new Date("2026-03-01T12:00:00.000Z");
const later = (ms: number) => new Date(signedAt.getTime() + ms);

// Real workspaces and their real token keys (a database of its own).
let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv({ APP_URL: "https://switchboard.example.com" });
  database = await createTestDatabase();
  await db().workspace.createMany({ data: [{ id: workspaceA, slug: "url-a", name: "A" }, { id: workspaceB, slug: "url-b", name: "B" }] });
});
afterAll(async () => database.close());

/**
 * What the route does with a request URL: only /api/recordings/<id> reaches it (anything else
 * is another route), and Next hands it the decoded path segment.
 */
async function accepts(url: string, now = signedAt): Promise<boolean> {
  const parsed = new URL(url, "http://localhost");
  const callId = /^\/api\/recordings\/([^/]+)$/.exec(parsed.pathname)?.[1];
  if (callId === undefined) return false;
  try {
    await verifyRecordingUrl(decodeURIComponent(callId), parsed.searchParams, now);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(RecordingUrlError);
    return false;
  }
}

async function reason(call: string, query: string, now = signedAt) {
  return verifyRecordingUrl(call, new URLSearchParams(query), now).then(
    () => "accepted",
    (error: RecordingUrlError) => error.reason,
  );
}

const SUBSTITUTES = ["0", "1", "9", "a", "f", "z", "A", "F", "Z", "-", "_", ".", "&", "=", "?", "/"];

describe("signed recording URLs", () => {
  it("names the call, the workspace and a 60-second expiry", async () => {
    const { url, expires_at } = await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt);
    const exp = signedAt.getTime() / 1000 + 60;
    expect(url).toBe(`/api/recordings/${callId}?w=${workspaceA}&exp=${exp}&sig=${new URL(url, "http://x").searchParams.get("sig")}`);
    expect(url).toMatch(/&sig=[A-Za-z0-9_-]{43}$/);
    expect(expires_at).toBe("2026-03-01T12:01:00.000Z");
  });

  it("works for 60 seconds and not a millisecond longer", async () => {
    const { url } = await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt);
    expect(await accepts(url, signedAt)).toBe(true);
    expect(await accepts(url, later(59_999))).toBe(true);
    expect(await accepts(url, later(60_000))).toBe(false);
    expect(await accepts(url, later(3_600_000))).toBe(false);
    const q = new URL(url, "http://x").search;
    expect(await reason(callId, q, later(60_000))).toBe("expired");
    expect((await verifyRecordingUrl(callId, new URLSearchParams(q), later(30_000))).workspaceId).toBe(workspaceA);
  });

  it("fails when any single character anywhere in the URL changes", async () => {
    const { url } = await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt);
    let tried = 0;
    for (let i = 0; i < url.length; i++) {
      for (const c of SUBSTITUTES) {
        if (c === url[i]) continue;
        const mutated = url.slice(0, i) + c + url.slice(i + 1);
        expect(await accepts(mutated), `position ${i}: ${mutated}`).toBe(false);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThan(url.length * 10);
  });

  it("fails when any single character of the call id, exp, w or sig changes (every position, every part)", async () => {
    const { url } = await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt);
    const q = new URL(url, "http://x").searchParams;
    const parts = { callId, w: q.get("w")!, exp: q.get("exp")!, sig: q.get("sig")! };
    for (const [part, value] of Object.entries(parts)) {
      for (let i = 0; i < value.length; i++) {
        for (const c of SUBSTITUTES) {
          if (c === value[i]) continue;
          const changed = { ...parts, [part]: value.slice(0, i) + c + value.slice(i + 1) };
          const query = new URLSearchParams({ w: changed.w, exp: changed.exp, sig: changed.sig }).toString();
          expect(await reason(changed.callId, query), `${part}[${i}] = ${c}`).not.toBe("accepted");
        }
      }
    }
    // The final base64url character of a 32-byte MAC carries 2 padding bits: a decoded-bytes
    // comparison would let some of its substitutes through. The text comparison does not.
    const last = parts.sig.at(-1)!;
    for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
      if (c === last) continue;
      const query = new URLSearchParams({ w: parts.w, exp: parts.exp, sig: parts.sig.slice(0, -1) + c }).toString();
      expect(await reason(callId, query), `last sig char ${c}`).toBe("invalid_signature");
    }
  });

  it("fails for another workspace or another call, and one workspace's signature is useless in another's", async () => {
    const a = new URL((await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt)).url, "http://x").searchParams;
    const b = new URL((await signRecordingUrl({ workspaceId: workspaceB, callId }, signedAt)).url, "http://x").searchParams;
    expect(a.get("sig")).not.toBe(b.get("sig"));
    expect(await reason(otherCall, a.toString())).toBe("invalid_signature");
    const claimB = new URLSearchParams({ w: workspaceB, exp: a.get("exp")!, sig: a.get("sig")! });
    expect(await reason(callId, claimB.toString())).toBe("invalid_signature");
    const bSigOnA = new URLSearchParams({ w: workspaceA, exp: b.get("exp")!, sig: b.get("sig")! });
    expect(await reason(callId, bSigOnA.toString())).toBe("invalid_signature");
  });

  it("refuses malformed URLs, and verification never creates keys", async () => {
    const q = new URL((await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt)).url, "http://x").searchParams;
    const w = q.get("w")!, exp = q.get("exp")!, sig = q.get("sig")!;
    const malformed: [string, string][] = [
      [callId, ""],
      [callId, `exp=${exp}&sig=${sig}`],
      [callId, `w=${w}&sig=${sig}`],
      [callId, `w=${w}&exp=${exp}`],
      [callId, `w=${w}&w=${w}&exp=${exp}&sig=${sig}`],
      [callId, `w=${w}&exp=${exp}&exp=${exp}&sig=${sig}`],
      [callId, `w=${w.toUpperCase()}&exp=${exp}&sig=${sig}`],
      [callId.toUpperCase(), q.toString()],
      ["not-a-uuid", q.toString()],
      [callId, `w=${w}&exp=0${exp}&sig=${sig}`],
      [callId, `w=${w}&exp=${exp}.5&sig=${sig}`],
      [callId, `w=${w}&exp=${exp}&sig=${sig}=`],
      [callId, `w=${w}&exp=${exp}&sig=${sig.slice(1)}`],
    ];
    for (const [call, query] of malformed) expect(await reason(call, query), `${call} ${query}`).toBe("malformed");
    expect(await reason(callId, q.toString(), later(61_000))).toBe("expired");
    // Verifying never creates a key, even for a workspace that has none yet.
    const fresh = randomUUID();
    await db().workspace.create({ data: { id: fresh, slug: "url-fresh", name: "F" } });
    expect(await reason(callId, `w=${fresh}&exp=${exp}&sig=${sig}`, later(1_000))).toBe("invalid_signature");
    expect(await db().dataKey.count({ where: { workspaceId: fresh } })).toBe(0);
  });

  it("refuses an exp further ahead than the TTL allows, even with a genuine signature", async () => {
    const tomorrow = await signRecordingUrl({ workspaceId: workspaceA, callId }, later(86_400_000));
    expect(await reason(callId, new URL(tomorrow.url, "http://x").search)).toBe("invalid_signature");
  });

  it("compares signatures in constant time", async () => {
    const { url } = await signRecordingUrl({ workspaceId: workspaceA, callId }, signedAt);
    timingSafeEqual.calls = 0;
    expect(await accepts(url)).toBe(true);
    expect(await accepts(url.slice(0, -1) + (url.endsWith("A") ? "B" : "A"))).toBe(false);
    expect(timingSafeEqual.calls).toBe(2);
  });

  it("refuses to sign ids that are not lower-case UUIDs", async () => {
    await expect(signRecordingUrl({ workspaceId: "../x", callId })).rejects.toThrow(/UUIDs/);
    await expect(signRecordingUrl({ workspaceId: workspaceA, callId: callId.toUpperCase() })).rejects.toThrow(/UUIDs/);
  });

  it("absoluteUrl puts APP_URL in front of a path, and only of a path", () => {
    expect(absoluteUrl("/api/recordings/x?w=1")).toBe("https://switchboard.example.com/api/recordings/x?w=1");
    expect(() => absoluteUrl("//evil.example/x")).toThrow();
    expect(() => absoluteUrl("https://evil.example/x")).toThrow();
  });
});
