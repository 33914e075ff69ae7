import { NextRequest } from "next/server";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeInbound } from "@/app/api/webhooks/stripe/route";
import { testTopUp } from "@/lib/billing/topup";
import { db } from "@/lib/db/client";
import { sendTestEvent } from "@/lib/webhooks/deliveries";
import { disableEndpoint } from "@/lib/webhooks/disable";
import { EVENT_PAYLOADS } from "@/lib/webhook-events/schemas";
import type { WebhookEventType } from "@/lib/webhooks/event-types";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

/**
 * The catalogue's schemas against what the code really emits: each emitter runs (a test
 * call, uploads, top-ups, a test event) and the body it wrote to the outbox — the bytes that
 * are signed and sent — is parsed with its type's strict schema.
 */
const STRIPE_SECRET = "whsec_test_catalogue_inbound";
let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let key: string;
let endpointId: string;

beforeAll(async () => {
  await useTestEnv({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
  database = await createTestDatabase();
  ws = await callsWorkspace("catalogue-a");
  key = (await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run", "knowledge:manage"] })).key;
  const endpoint = await db().webhookEndpoint.create({ data: { workspaceId: ws.workspace.id, mode: "test", url: "https://hooks.example.com/in", events: [], secretEnc: "sealed" } });
  endpointId = endpoint.id;
});
afterAll(async () => database.close());

/** The newest event of the type that the emitter wrote, parsed as JSON. */
async function emitted(type: WebhookEventType): Promise<unknown[]> {
  const rows = await db().webhookEvent.findMany({ where: { workspaceId: ws.workspace.id, type }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => JSON.parse(r.body) as unknown);
}

function expectValid(type: WebhookEventType, bodies: unknown[], count: number) {
  expect(bodies, type).toHaveLength(count);
  for (const body of bodies) {
    const result = EVENT_PAYLOADS[type].safeParse(body);
    expect(result.success ? [] : result.error.issues, `${type}: ${JSON.stringify(body)}`).toEqual([]);
  }
}

function upload(name: string, bytes: string | Uint8Array) {
  const form = new FormData();
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  return call("POST /knowledge-base/documents", { key, form });
}

describe("the emitted payloads match the catalogue's schemas", () => {
  it("call.completed and call.failed from test calls (every ending)", async () => {
    for (const status of ["completed", "failed", "no_answer", "busy"]) {
      expect((await call("POST /test-calls", { key, body: { status, caller: "+2348035550789" } })).status).toBe(201);
    }
    expectValid("call.completed", await emitted("call.completed"), 1);
    expectValid("call.failed", await emitted("call.failed"), 3);
    // Masked whatever the setting: the full number is in no payload.
    expect(JSON.stringify(await emitted("call.completed"))).not.toContain("8035550789");
  });

  it("knowledge_base.document.ready and .rejected from real uploads", async () => {
    expect((await upload("handbook.md", "# Refunds\n\nWithin 30 days.")).status).toBe(201);
    const refused = await upload("tool.md", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expectValid("knowledge_base.document.ready", await emitted("knowledge_base.document.ready"), 1);
    expectValid("knowledge_base.document.rejected", await emitted("knowledge_base.document.rejected"), 1);
  });

  it("billing.topup.succeeded from a test top-up and from a signed Stripe event", async () => {
    await testTopUp(await ws.member(ws.owner), 1500);
    const payload = JSON.stringify({
      id: "evt_catalogue_topup",
      object: "event",
      type: "checkout.session.completed",
      livemode: false,
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "cs_test_c", object: "checkout.session", amount_total: 2500, currency: "usd", payment_status: "paid", metadata: { workspace_id: ws.workspace.id } } },
    });
    const signature = new Stripe("sk_test_only_for_test_helpers").webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
    const response = await stripeInbound(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", body: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } }));
    expect(response.status).toBe(200);
    expectValid("billing.topup.succeeded", await emitted("billing.topup.succeeded"), 2);
  });

  it("webhook_endpoint.disabled from the worker's disabling, for both reasons", async () => {
    for (const [reason, failingSince] of [["gone", null], ["failing", new Date(Date.now() - 5 * 86_400_000)]] as const) {
      const doomed = await db().webhookEndpoint.create({
        data: { workspaceId: ws.workspace.id, mode: "test", url: `https://hooks.example.com/${reason}`, events: ["call.completed"], secretEnc: "sealed", failingSince },
      });
      expect(await disableEndpoint({ ...doomed, mode: "test" }, reason, new Date())).toBe(true);
    }
    expectValid("webhook_endpoint.disabled", await emitted("webhook_endpoint.disabled"), 2);
  });

  it("webhook.test from Send test event", async () => {
    await sendTestEvent((await ws.member(ws.owner)).inMode("test"), endpointId);
    expectValid("webhook.test", await emitted("webhook.test"), 1);
  });
});
