import { readRawBody } from "@/lib/core/request-shape";
import { handleStripeWebhook } from "@/lib/billing/stripe-inbound";
import { config } from "@/lib/config";
import { clientIp } from "@/lib/security/client-ip";
import { signedBodyRoute } from "@/lib/entry/route";

/** Stripe's events (SPEC §4 inbound). The signature over the raw body is the authorisation. */
export const POST = signedBodyRoute({
  method: "POST",
  signer: "stripe",
  handler: async ({ request, requestId }) =>
    handleStripeWebhook(await readRawBody(request, 256 * 1024), request.headers.get("stripe-signature"), {
      ip: clientIp(request.headers, config().TRUST_PROXY_HOPS),
      requestId,
    }),
});
