import { isUuid } from "../core/ids";
import Stripe from "stripe";
import { AppError } from "../core/errors";
import { recordAudit } from "../audit/record";
import { recordSecurityEventCoalesced } from "../audit/security-events";
import { config } from "../config";
import { db } from "../db/client";
import { emitEvent } from "../webhooks/outbox";

const TOPUP_EVENTS = new Set(["checkout.session.completed", "payment_intent.succeeded"]);

let client: Stripe | undefined;
/** Only for `webhooks.constructEvent`, which never calls Stripe's servers. */
const stripe = () => (client ??= new Stripe(config().STRIPE_SECRET_KEY ?? "sk_unused_for_verification"));

interface Topup {
  workspaceId: string;
  amountMinor: number;
  currency: string;
}

/** The workspace and amount of a paid top-up, from the object our Checkout session created. */
function topupOf(event: Stripe.Event): Topup | null {
  if (!TOPUP_EVENTS.has(event.type)) return null;
  const object = event.data.object as { metadata?: Record<string, string> | null; amount_total?: number | null; amount_received?: number | null; currency?: string | null; payment_status?: string };
  const workspaceId = object.metadata?.workspace_id;
  const amount = event.type === "checkout.session.completed" ? object.amount_total : object.amount_received;
  if (event.type === "checkout.session.completed" && object.payment_status && object.payment_status !== "paid") return null;
  if (!workspaceId || !isUuid(workspaceId) || !amount || amount <= 0 || !object.currency) return null;
  return { workspaceId, amountMinor: amount, currency: object.currency.toLowerCase() };
}

/**
 * POST /api/webhooks/stripe (SPEC §4 inbound): verified with Stripe's SDK and
 * STRIPE_WEBHOOK_SECRET over the raw body; a bad signature is a security event and a 400.
 * Each event id is handled once (a replay is acknowledged and ignored). A paid top-up
 * credits the workspace's ledger, emits billing.topup.succeeded and is audited — all in
 * one transaction with the record of the event id.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null, meta: { ip: string; requestId: string }) {
  const secret = config().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError("NOT_FOUND");
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(rawBody, signature ?? "", secret);
  } catch {
    await recordSecurityEventCoalesced(`stripe-signature:${meta.ip}`, { type: "invalid_signature", ip: meta.ip, details: { kind: "stripe_webhook" } });
    throw new AppError("VALIDATION_FAILED", "The Stripe signature is missing, invalid or too old.");
  }
  const topup = topupOf(event);
  const workspace = topup ? await db().workspace.findUnique({ where: { id: topup.workspaceId }, select: { id: true } }) : null;
  // The event id, the credit, its webhook event and its audit row commit together: a
  // replay (or a concurrent duplicate, which waits on the primary key) finds the id and stops.
  // This is a system path across workspaces, like the delivery worker: the privileged connection.
  return db().$transaction(async (tx) => {
    const fresh = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type, workspaceId: workspace?.id ?? null }], skipDuplicates: true });
    if (fresh.count === 0) return { received: true, duplicate: true };
    if (!topup || !workspace) return { received: true };
    const entry = await tx.ledgerEntry.create({
      data: { workspaceId: workspace.id, kind: "topup", amountMinor: topup.amountMinor, currency: topup.currency, reference: event.id },
    });
    await emitEvent(tx, {
      workspaceId: workspace.id,
      mode: event.livemode ? "live" : "test",
      type: "billing.topup.succeeded",
      data: { object: { ledger_entry_id: entry.id, amount: topup.amountMinor, currency: topup.currency, stripe_event_id: event.id } },
    });
    await recordAudit(
      { actor: { type: "system", label: "Stripe" }, workspaceId: workspace.id, ip: meta.ip, userAgent: null, requestId: meta.requestId },
      "billing.topup_credited",
      { type: "ledger_entry", id: entry.id, label: `${topup.amountMinor} ${topup.currency}` },
      { after: { amount_minor: topup.amountMinor, currency: topup.currency, stripe_event_id: event.id } },
      tx,
    );
    return { received: true, credited: true };
  });
}
