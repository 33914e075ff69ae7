import { NextRequest } from "next/server";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

const SECRET = "whsec_test_stripe_inbound_secret";
let database: TestDatabase;
let workspaceId: string;
const stripe = new Stripe("sk_test_only_for_test_helpers");

beforeAll(async () => {
  await useTestEnv({ STRIPE_WEBHOOK_SECRET: SECRET });
  database = await createTestDatabase();
  workspaceId = (await db().workspace.create({ data: { slug: "billing-a", name: "Billing A" } })).id;
});
afterAll(async () => database.close());

function checkoutCompleted(id: string, amount = 2500) {
  return JSON.stringify({
    id,
    object: "event",
    type: "checkout.session.completed",
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: "cs_test_1", object: "checkout.session", amount_total: amount, currency: "usd", payment_status: "paid", metadata: { workspace_id: workspaceId } } },
  });
}

/** Posts a payload signed by Stripe's own test helper (or a given header). */
async function post(payload: string, header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET })) {
  const request = new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", body: payload, headers: { "stripe-signature": header, "content-type": "application/json" } });
  const response = await POST(request);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { code: string } } };
}

describe("inbound Stripe events", () => {
  it("a signed top-up credits the workspace once, even when replayed, and is audited and emitted", async () => {
    const payload = checkoutCompleted("evt_topup_1");
    expect(await post(payload)).toMatchObject({ status: 200, json: { received: true, credited: true } });
    expect(await post(payload)).toMatchObject({ status: 200, json: { received: true, duplicate: true } });
    // Replayed concurrently too.
    await Promise.all([post(payload), post(payload)]);
    const ledger = await db().ledgerEntry.findMany({ where: { workspaceId } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ amountMinor: 2500, currency: "usd", kind: "topup", reference: "evt_topup_1" });
    expect(await db().webhookEvent.count({ where: { workspaceId, type: "billing.topup.succeeded" } })).toBe(1);
    expect(await db().auditLog.count({ where: { workspaceId, action: "billing.topup_credited" } })).toBe(1);
  });

  it("a wrong signature is refused with 400 and recorded as a security event; nothing is credited", async () => {
    const payload = checkoutCompleted("evt_forged", 999_999);
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_elses" });
    const res = await post(payload, forged);
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe("VALIDATION_FAILED");
    expect(await db().ledgerEntry.count({ where: { reference: "evt_forged" } })).toBe(0);
    expect(await db().securityEvent.count({ where: { type: "invalid_signature" } })).toBeGreaterThan(0);
    // A stale timestamp is refused the same way.
    const stale = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(payload, stale)).status).toBe(400);
  });

  it("other events and top-ups for unknown workspaces are acknowledged without credit", async () => {
    const other = JSON.stringify({ id: "evt_other", object: "event", type: "customer.created", livemode: false, created: 1, data: { object: {} } });
    expect((await post(other)).status).toBe(200);
    const unknown = checkoutCompleted("evt_unknown").replace(workspaceId, "00000000-0000-4000-8000-000000000000");
    expect((await post(unknown)).status).toBe(200);
    expect(await db().ledgerEntry.count({ where: { reference: { in: ["evt_other", "evt_unknown"] } } })).toBe(0);
  });
});
