import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceContext } from "@/lib/authz/context";
import { ROLE_DEFAULTS, ROLES, type Role } from "@/lib/authz/roles";
import { getBalances, listLedger } from "@/lib/billing/ledger";
import { formatMoney, parseMajorAmount } from "@/lib/billing/money";
import { handleStripeWebhook } from "@/lib/billing/stripe-inbound";
import { billingMode, startCheckout, testTopUp } from "@/lib/billing/topup";
import { ConfigError, parseConfig, resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { first } from "../support/items";
import { outcome, refusal, withTwoWorkspaces } from "../support/members";
import { client } from "../support/users";

const { as, member } = withTwoWorkspaces();

describe("amounts", () => {
  it("are typed in major units and kept as integer minor units", () => {
    expect(parseMajorAmount("25")).toBe(2500);
    expect(parseMajorAmount("25.5")).toBe(2550);
    expect(parseMajorAmount(" $1,000.05 ")).toBe(100005);
    for (const bad of ["", "abc", "-5", "1e3", "25.505", "0x10", "25,5", "Infinity"]) expect(parseMajorAmount(bad), bad).toBeNull();
    expect(parseMajorAmount("500", "jpy")).toBe(500);
    expect(parseMajorAmount("5.5", "jpy")).toBeNull();
  });

  it("are formatted with Intl.NumberFormat in the currency's own digits", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(-1380)).toBe("-$13.80");
    expect(formatMoney(500, "jpy")).toBe("¥500");
    expect(formatMoney(1999, "eur")).toBe("€19.99");
  });
});

describe("test mode (no STRIPE_SECRET_KEY)", () => {
  it("is the mode without a key", () => {
    expect(billingMode()).toBe("test");
  });

  describe("billing:manage, table over roles", () => {
    const actions: [string, (ctx: WorkspaceContext) => Promise<unknown>][] = [
      ["read the balance", (ctx) => getBalances(ctx)],
      ["read the ledger", (ctx) => listLedger(ctx)],
      ["test top-up", (ctx) => testTopUp(ctx, 1000)],
    ];
    for (const role of ROLES) {
      const allowed = ROLE_DEFAULTS[role as Role].includes("billing:manage");
      for (const [name, run] of actions) {
        it(`${role}: ${name} → ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
          expect(await outcome(run(await as(role, "other")))).toBe(allowed ? "ok" : "FORBIDDEN");
        });
      }
    }
    it("admins do not hold billing:manage (SPEC §2)", () => {
      expect(ROLE_DEFAULTS.admin).not.toContain("billing:manage");
    });
  });

  it("a test top-up credits the ledger, updates the balance and is audited with the IP", async () => {
    const billing = await as("billing");
    expect(await getBalances(billing)).toEqual([{ currency: "usd", amountMinor: 0 }]);
    const first = await testTopUp(billing, 2500);
    expect(first.balanceMinor).toBe(2500);
    const second = await testTopUp(await as("owner"), 1050);
    expect(second.balanceMinor).toBe(3550);
    expect(await getBalances(billing)).toEqual([{ currency: "usd", amountMinor: 3550 }]);
    const entry = await db().ledgerEntry.findUniqueOrThrow({ where: { id: second.id } });
    expect(entry).toMatchObject({ kind: "test_topup", amountMinor: 1050, currency: "usd" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "billing.test_topup", targetId: second.id } });
    expect(audit).toMatchObject({ ip: client.ip, actorLabel: member("owner").email, targetLabel: "$10.50" });
    expect(audit.changes).toEqual({
      before: { balance_minor: 2500 },
      after: { amount_minor: 1050, currency: "usd", balance_minor: 3550, test_mode: true },
    });
    // Webhook receivers can test against it: a test-mode billing.topup.succeeded.
    const event = await db().webhookEvent.findFirstOrThrow({ where: { workspaceId: entry.workspaceId, type: "billing.topup.succeeded" } });
    expect(event.mode).toBe("test");
  });

  it("refuses amounts that are not whole minor units within the bounds", async () => {
    const billing = await as("billing");
    for (const amount of [0, -100, 499, 500_001, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(await refusal(testTopUp(billing, amount)), String(amount)).toMatchObject({ code: "VALIDATION_FAILED", field: "amount" });
    }
    expect(await outcome(testTopUp(billing, 500))).toBe("ok");
    expect(await outcome(testTopUp(billing, 500_000))).toBe("ok");
  });

  it("the balance is the sum of every entry, per currency; other workspaces' entries never count", async () => {
    const billing = await as("billing");
    const workspaceId = billing.workspace.id;
    const start = first(await getBalances(billing), "balance").amountMinor;
    await db().ledgerEntry.createMany({
      data: [
        { workspaceId, kind: "usage", amountMinor: -1380, currency: "usd" },
        { workspaceId, kind: "topup", amountMinor: 2000, currency: "eur", reference: "evt_eur_1" },
        { workspaceId: (await as("owner", "other")).workspace.id, kind: "adjustment", amountMinor: 99_999, currency: "usd" },
      ],
    });
    expect(await getBalances(billing)).toEqual([
      { currency: "usd", amountMinor: start - 1380 },
      { currency: "eur", amountMinor: 2000 },
    ]);
  });

  it("the ledger pages newest first with keyset cursors", async () => {
    const billing = await as("billing");
    const all = await db().ledgerEntry.findMany({ where: { workspaceId: billing.workspace.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLedger(billing, { cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(await outcome(listLedger(billing, { cursor: "forged" }))).toBe("VALIDATION_FAILED");
  });

  it("checkout is unavailable without a key", async () => {
    expect(await outcome(startCheckout(await as("billing"), 2500, { success: "http://localhost/s", cancel: "http://localhost/c" }))).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("STRIPE_API_BASE is for tests only", () => {
  const problems = (source: Record<string, string>) => {
    try {
      parseConfig({ DATA_DIR: process.env.DATA_DIR!, ...source });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };
  it("accepts a loopback URL outside production and refuses anything else", () => {
    expect(problems({ STRIPE_API_BASE: "http://127.0.0.1:12111" })).toEqual([]);
    expect(problems({ STRIPE_API_BASE: "http://[::1]:12111" })).toEqual([]);
    expect(problems({ STRIPE_API_BASE: "https://stripe-proxy.example.com" }).join()).toMatch(/STRIPE_API_BASE: only a loopback/);
    expect(problems({ STRIPE_API_BASE: "http://10.0.0.5:80" }).join()).toMatch(/STRIPE_API_BASE: only a loopback/);
    expect(problems({ STRIPE_API_BASE: "http://127.0.0.1:12111", NODE_ENV: "production" }).join()).toMatch(/STRIPE_API_BASE: tests only/);
  });
});

interface Captured {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: URLSearchParams;
}

describe("Stripe mode: Checkout against a loopback server standing in for api.stripe.com", () => {
  const SECRET_KEY = "sk_test_switchboard_loopback_1234";
  const WEBHOOK_SECRET = "whsec_billing_test_secret";
  const requests: Captured[] = [];
  let server: Server;
  let failNext = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
        res.setHeader("content-type", "application/json");
        if (failNext) {
          failNext = false;
          res.statusCode = 402;
          res.end(JSON.stringify({ error: { type: "card_error", message: "acct_1Secret internal detail" } }));
          return;
        }
        if (req.method !== "POST" || req.url !== "/v1/checkout/sessions") {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "Unrecognized request URL" } }));
          return;
        }
        // Real Checkout session ids are longer than 64 characters.
        const id = `cs_test_${"a1B2c3D4".repeat(7)}${requests.length}`;
        res.end(
          JSON.stringify({
            id,
            object: "checkout.session",
            url: `https://checkout.stripe.com/c/pay/${id}`,
            amount_total: Number(body.get("line_items[0][price_data][unit_amount]")),
            currency: body.get("line_items[0][price_data][currency]"),
            metadata: { workspace_id: body.get("metadata[workspace_id]") },
            payment_status: "unpaid",
            mode: "payment",
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_API_BASE: `http://127.0.0.1:${port}`, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    resetConfigForTests();
  });
  afterAll(async () => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_API_BASE;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetConfigForTests();
    await new Promise((resolve) => server.close(resolve));
  });

  it("creates a Checkout Session through the official SDK, with the workspace in its metadata", async () => {
    expect(billingMode()).toBe("stripe");
    const billing = await as("billing");
    const session = await startCheckout(billing, 2500, { success: "http://localhost:3000/acme/billing?checkout=success", cancel: "http://localhost:3000/acme/billing?checkout=cancelled" });
    expect(session.url).toBe(`https://checkout.stripe.com/c/pay/${session.id}`);
    const request = first(requests, "request to the Stripe stub");
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/checkout/sessions");
    expect(request.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(request.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/);
    expect(request.headers["idempotency-key"]).toMatch(/^topup_[0-9a-f-]{36}$/);
    expect(request.headers["user-agent"]).toMatch(/^Stripe\/v1 NodeBindings/);
    expect(Object.fromEntries(request.body)).toEqual({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "2500",
      "line_items[0][price_data][product_data][name]": "Switchboard credit",
      "metadata[workspace_id]": billing.workspace.id,
      client_reference_id: billing.workspace.id,
      customer_email: member("billing").email,
      success_url: "http://localhost:3000/acme/billing?checkout=success",
      cancel_url: "http://localhost:3000/acme/billing?checkout=cancelled",
    });
    // Only the session names the workspace: a payment_intent.succeeded for the same payment
    // must not credit it a second time.
    expect([...request.body.keys()].some((k) => k.startsWith("payment_intent_data"))).toBe(false);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "billing.checkout_started" } });
    expect(audit).toMatchObject({ ip: client.ip, actorLabel: member("billing").email, targetType: "workspace", targetId: billing.workspace.id, targetLabel: "Top-up $25.00" });
    expect(audit.changes).toEqual({ after: { amount_minor: 2500, currency: "usd", checkout_session_id: session.id } });
  });

  it("the paid session's webhook credits this workspace once (what stripe-inbound expects)", async () => {
    const billing = await as("billing");
    const before = first(await getBalances(billing), "balance").amountMinor;
    const created = first(requests, "request to the Stripe stub");
    const payload = JSON.stringify({
      id: "evt_checkout_loopback_1",
      object: "event",
      type: "checkout.session.completed",
      livemode: false,
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: "cs_test_loopback",
          object: "checkout.session",
          amount_total: Number(created.body.get("line_items[0][price_data][unit_amount]")),
          currency: created.body.get("line_items[0][price_data][currency]"),
          payment_status: "paid",
          metadata: { workspace_id: created.body.get("metadata[workspace_id]") },
        },
      },
    });
    const signature = new Stripe(SECRET_KEY).webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(await handleStripeWebhook(payload, signature, { ip: "127.0.0.1", requestId: "req_stripe" })).toMatchObject({ credited: true });
    expect(await handleStripeWebhook(payload, signature, { ip: "127.0.0.1", requestId: "req_stripe" })).toMatchObject({ duplicate: true });
    expect(first(await getBalances(billing), "balance").amountMinor).toBe(before + 2500);
  });

  it("validates the amount before calling Stripe", async () => {
    const count = requests.length;
    expect(await refusal(startCheckout(await as("billing"), 100, { success: "http://localhost/s", cancel: "http://localhost/c" }))).toMatchObject({ code: "VALIDATION_FAILED", field: "amount" });
    expect(requests.length).toBe(count);
  });

  it("members without billing:manage never reach Stripe", async () => {
    const count = requests.length;
    for (const role of ["admin", "developer", "agent", "viewer"]) {
      expect(await outcome(startCheckout(await as(role), 2500, { success: "http://localhost/s", cancel: "http://localhost/c" })), role).toBe("FORBIDDEN");
    }
    expect(requests.length).toBe(count);
  });

  it("a Stripe error becomes our own message; nothing is audited as started", async () => {
    const audits = await db().auditLog.count({ where: { action: "billing.checkout_started" } });
    failNext = true;
    const result = await refusal(startCheckout(await as("owner"), 2500, { success: "http://localhost/s", cancel: "http://localhost/c" }));
    expect(result.code).toBe("SERVICE_UNAVAILABLE");
    expect(result.message).not.toMatch(/acct_/);
    expect(await db().auditLog.count({ where: { action: "billing.checkout_started" } })).toBe(audits);
  });

  it("test top-ups are refused while Stripe is configured", async () => {
    expect(await outcome(testTopUp(await as("billing"), 2500))).toBe("FORBIDDEN");
  });
});
