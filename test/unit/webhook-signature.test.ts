import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, isWebhookSecret } from "@/lib/webhooks/secret";
import { computeSignature, eventBody, signatureHeader, webhookHeaders } from "@/lib/webhooks/signature";
import { VERIFICATION_SNIPPETS } from "@/lib/webhooks/snippets";
import { verifyWebhook, WebhookVerificationError, type WebhookVerificationReason } from "@/lib/webhooks/verify";

const NEW_SECRET = "whsec_newnewnewnewnewnewnewnewnewnewnewnewnewne";
const OLD_SECRET = "whsec_oldoldoldoldoldoldoldoldoldoldoldoldoldol";
const T = 1_767_225_600;
const NOW = new Date(T * 1000);
const BODY = eventBody({ id: "evt_1", type: "call.completed", created: T - 3, livemode: true, data: { call: { id: "call_1", note: "é ✓" } } });

/** Independent of the code under test: the scheme written out by hand. */
const hmacHex = (secret: string, t: number | string, body: string) =>
  createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(`${t}.${body}`, "utf8")).digest("hex");

function reasonOf(fn: () => unknown): WebhookVerificationReason | "accepted" {
  try {
    fn();
    return "accepted";
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err.reason;
    throw err;
  }
}

describe("webhook secrets", () => {
  it("are whsec_ followed by 32 random bytes in base64url", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(6), "base64url")).toHaveLength(32);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});

describe("signatureHeader", () => {
  it("is t=<unix>,v1=<hex of HMAC-SHA256 over t.body keyed with the whole whsec_ string>", () => {
    const header = signatureHeader({ payload: BODY, secrets: [NEW_SECRET], timestamp: T });
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(header).toBe(`t=${T},v1=${hmacHex(NEW_SECRET, T, BODY)}`);
    expect(computeSignature(NEW_SECRET, T, BODY)).toBe(hmacHex(NEW_SECRET, T, BODY));
  });

  it("carries two v1 values during a rotation, the new secret's first", () => {
    const header = signatureHeader({ payload: BODY, secrets: [NEW_SECRET, OLD_SECRET], timestamp: T });
    expect(header).toBe(`t=${T},v1=${hmacHex(NEW_SECRET, T, BODY)},v1=${hmacHex(OLD_SECRET, T, BODY)}`);
  });

  it("refuses no secret, more than two, an empty one, or a non-integer timestamp", () => {
    expect(() => signatureHeader({ payload: BODY, secrets: [], timestamp: T })).toThrow(RangeError);
    expect(() => signatureHeader({ payload: BODY, secrets: ["a", "b", "c"], timestamp: T })).toThrow(RangeError);
    expect(() => signatureHeader({ payload: BODY, secrets: [""], timestamp: T })).toThrow(TypeError);
    expect(() => signatureHeader({ payload: BODY, secrets: [NEW_SECRET], timestamp: T + 0.5 })).toThrow(RangeError);
  });
});

describe("webhookHeaders and eventBody", () => {
  it("sets signature, event id, event type and JSON content type, signed at now", () => {
    const headers = webhookHeaders({ eventId: "evt_1", eventType: "call.completed", payload: BODY, secrets: [NEW_SECRET], now: new Date(T * 1000 + 999) });
    expect(headers).toEqual({
      "Content-Type": "application/json",
      "X-Switchboard-Signature": `t=${T},v1=${hmacHex(NEW_SECRET, T, BODY)}`,
      "X-Switchboard-Event-Id": "evt_1",
      "X-Switchboard-Event-Type": "call.completed",
    });
  });

  it("refuses an event id without evt_ and a type that could break a header", () => {
    expect(() => webhookHeaders({ eventId: "1", eventType: "call.completed", payload: BODY, secrets: [NEW_SECRET] })).toThrow(TypeError);
    expect(() => webhookHeaders({ eventId: "evt_1", eventType: "x\r\nSet-Cookie: a", payload: BODY, secrets: [NEW_SECRET] })).toThrow(TypeError);
  });

  it("writes the body keys in the order id, type, created, livemode, data", () => {
    const body = eventBody({ data: { b: 1 }, livemode: false, created: T, type: "webhook.test", id: "evt_9" });
    expect(body).toBe(`{"id":"evt_9","type":"webhook.test","created":${T},"livemode":false,"data":{"b":1}}`);
    expect(() => eventBody({ id: "evt_9", type: "webhook.test", created: T, livemode: false, data: [] as never })).toThrow(TypeError);
  });
});

describe("verifyWebhook", () => {
  const signed = (secrets: string[], t = T, body = BODY) => signatureHeader({ payload: body, secrets, timestamp: t });

  it("accepts a delivery signed with its secret and returns the timestamp", () => {
    expect(verifyWebhook(BODY, signed([NEW_SECRET]), NEW_SECRET, { now: NOW })).toEqual({ timestamp: T });
    expect(verifyWebhook(Buffer.from(BODY, "utf8"), signed([NEW_SECRET]), NEW_SECRET, { now: T * 1000 })).toEqual({ timestamp: T });
  });

  it("accepts either secret during the rotation grace window", () => {
    const header = signed([NEW_SECRET, OLD_SECRET]);
    expect(reasonOf(() => verifyWebhook(BODY, header, NEW_SECRET, { now: NOW }))).toBe("accepted");
    expect(reasonOf(() => verifyWebhook(BODY, header, OLD_SECRET, { now: NOW }))).toBe("accepted");
  });

  it("refuses a wrong secret and a tampered body as signature_mismatch", () => {
    expect(reasonOf(() => verifyWebhook(BODY, signed([OLD_SECRET]), NEW_SECRET, { now: NOW }))).toBe("signature_mismatch");
    expect(reasonOf(() => verifyWebhook(BODY.replace("call_1", "call_2"), signed([NEW_SECRET]), NEW_SECRET, { now: NOW }))).toBe("signature_mismatch");
    expect(reasonOf(() => verifyWebhook(`${BODY} `, signed([NEW_SECRET]), NEW_SECRET, { now: NOW }))).toBe("signature_mismatch");
  });

  it("refuses a t moved by the sender: the timestamp is inside the MAC", () => {
    const header = signed([NEW_SECRET]).replace(`t=${T}`, `t=${T + 1}`);
    expect(reasonOf(() => verifyWebhook(BODY, header, NEW_SECRET, { now: NOW }))).toBe("signature_mismatch");
  });

  it("refuses t older than 5 minutes and t more than 5 minutes ahead", () => {
    const at = (t: number) => reasonOf(() => verifyWebhook(BODY, signed([NEW_SECRET], t), NEW_SECRET, { now: NOW }));
    expect(at(T - 300)).toBe("accepted");
    expect(at(T + 300)).toBe("accepted");
    expect(at(T - 301)).toBe("timestamp_outside_tolerance");
    expect(at(T + 301)).toBe("timestamp_outside_tolerance");
    expect(at(T - 86_400)).toBe("timestamp_outside_tolerance");
    expect(reasonOf(() => verifyWebhook(BODY, signed([NEW_SECRET], T - 60), NEW_SECRET, { now: NOW, toleranceSec: 30 }))).toBe("timestamp_outside_tolerance");
  });

  it("tolerates spaces, empty parts, upper-case hex and unknown schemes", () => {
    const hex = hmacHex(NEW_SECRET, T, BODY);
    for (const header of [
      `  t=${T} , v0=deadbeef ,v1= ${hex} `,
      `v2=abc,t=${T},,v1=${hex.toUpperCase()}`,
      `t=${T},v1=${hmacHex(OLD_SECRET, T, BODY)},v1=${hex},scheme=with=equals`,
    ]) {
      expect(reasonOf(() => verifyWebhook(BODY, header, NEW_SECRET, { now: NOW }))).toBe("accepted");
    }
    expect(reasonOf(() => verifyWebhook(BODY, `t=${T},v0=${hex}`, NEW_SECRET, { now: NOW }))).toBe("no_signature");
  });

  it("names missing and malformed headers", () => {
    const hex = hmacHex(NEW_SECRET, T, BODY);
    const check = (header: string | string[] | null | undefined) => reasonOf(() => verifyWebhook(BODY, header, NEW_SECRET, { now: NOW }));
    expect(check(undefined)).toBe("missing_header");
    expect(check(null)).toBe("missing_header");
    expect(check("  ")).toBe("missing_header");
    expect(check([])).toBe("missing_header");
    expect(check([`t=${T},v1=${hex}`])).toBe("accepted");
    expect(check([`t=${T},v1=${hex}`, `t=${T},v1=${hex}`])).toBe("malformed_header");
    expect(check("garbage")).toBe("malformed_header");
    expect(check(`v1=${hex}`)).toBe("malformed_header");
    expect(check(`t=abc,v1=${hex}`)).toBe("malformed_header");
    expect(check(`t=-5,v1=${hex}`)).toBe("malformed_header");
    expect(check(`t=${T},t=${T},v1=${hex}`)).toBe("malformed_header");
  });

  it("compares signatures of any length without throwing, and a later v1 still matches", () => {
    const hex = hmacHex(NEW_SECRET, T, BODY);
    for (const bad of ["", "ab", `${hex}00`, hex.slice(1), "é".repeat(32), "ü".repeat(64)]) {
      expect(reasonOf(() => verifyWebhook(BODY, `t=${T},v1=${bad}`, NEW_SECRET, { now: NOW }))).toBe("signature_mismatch");
      expect(reasonOf(() => verifyWebhook(BODY, `t=${T},v1=${bad},v1=${hex}`, NEW_SECRET, { now: NOW }))).toBe("accepted");
    }
  });

  it("treats an empty secret or a non-positive tolerance as a programming error", () => {
    expect(() => verifyWebhook(BODY, signed([NEW_SECRET]), "", { now: NOW })).toThrow(TypeError);
    expect(() => verifyWebhook(BODY, signed([NEW_SECRET]), NEW_SECRET, { now: NOW, toleranceSec: 0 })).toThrow(RangeError);
  });

  it("imports nothing but node:crypto, so receivers can copy the file", () => {
    const source = readFileSync(path.join(import.meta.dirname, "../../lib/webhooks/verify.ts"), "utf8");
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports).toEqual(["node:crypto"]);
  });
});

describe("verification snippets", () => {
  it("docs/webhooks.md shows each snippet exactly as the dashboard does", () => {
    const docs = readFileSync(path.join(import.meta.dirname, "../../docs/webhooks.md"), "utf8");
    expect(VERIFICATION_SNIPPETS.map((s) => s.language)).toEqual(["node", "python", "go"]);
    for (const snippet of VERIFICATION_SNIPPETS) {
      expect(docs).toContain(snippet.code);
      expect(docs).toContain(snippet.run);
    }
  });

  it("each mentions deduplication by X-Switchboard-Event-Id and the 300 s tolerance", () => {
    for (const { code } of VERIFICATION_SNIPPETS) {
      expect(code).toContain("X-Switchboard-Event-Id");
      expect(code).toMatch(/300|5 \* time\.Minute/);
    }
  });
});
