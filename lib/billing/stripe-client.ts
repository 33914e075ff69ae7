import "server-only";
import Stripe from "stripe";
import { AppError } from "../core/errors";
import { config } from "../config";

/**
 * Stripe's API client for Checkout (issue 9). Stripe is called only when STRIPE_SECRET_KEY
 * is set. STRIPE_API_BASE (tests only; refused in production and for anything but a
 * loopback address, see lib/config.ts) points the SDK at a local server that answers like
 * Stripe, so the request the SDK really sends can be checked offline.
 */
let cached: { key: string; base: string | undefined; client: Stripe } | undefined;

export function stripeApi(): Stripe {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: base } = config();
  if (!key) throw new AppError("SERVICE_UNAVAILABLE", "Card payments are not configured.");
  if (cached && cached.key === key && cached.base === base) return cached.client;
  const endpoint = base ? new URL(base) : null;
  const client = new Stripe(key, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Switchboard" },
    ...(endpoint
      ? { host: endpoint.hostname.replace(/^\[|\]$/g, ""), port: Number(endpoint.port || (endpoint.protocol === "https:" ? 443 : 80)), protocol: endpoint.protocol === "https:" ? "https" : "http" }
      : {}),
  });
  cached = { key, base, client };
  return client;
}
