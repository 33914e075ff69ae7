import { config } from "../config";
import { db } from "../db/client";
import { sendEmail } from "../email/send";
import { log } from "../log/logger";

interface EndpointRef {
  id: string;
  workspaceId: string;
  mode: string;
  url: string;
}

const endpointLink = (slug: string, e: EndpointRef) => `${config().APP_URL}/${slug}/developers/webhooks/${e.id}${e.mode === "test" ? "?mode=test" : ""}`;

/** Why the worker disabled an endpoint, in the owners' words. */
export const DISABLED_REASONS = {
  gone: "it answered 410 Gone, which says the endpoint no longer exists",
  failing: "every delivery to it has failed for 5 days",
} as const;
export type DisabledReason = keyof typeof DISABLED_REASONS;

/** Emails every owner of the workspace; a failure to send is logged, never thrown (the change is already committed). */
async function emailOwners(workspaceId: string, compose: (to: string, ws: { slug: string; name: string }) => { to: string; subject: string; text: string }) {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { slug: true, name: true } });
  if (!ws) return;
  const owners = await db().membership.findMany({ where: { workspaceId, role: "owner" }, select: { user: { select: { email: true } } } });
  for (const owner of owners) {
    await sendEmail(compose(owner.user.email, ws)).catch((err: unknown) => log().error({ err }, "could not send a webhook notice"));
  }
}

export function emailEndpointDisabled(endpoint: EndpointRef, reason: DisabledReason) {
  return emailOwners(endpoint.workspaceId, (to, ws) => ({
    to,
    subject: `A webhook endpoint of "${ws.name}" was disabled`,
    text: [
      `Switchboard disabled the ${endpoint.mode} webhook endpoint ${endpoint.url} because ${DISABLED_REASONS[reason]}.`,
      "It receives no events until it is enabled again; deliveries that were waiting were marked failed.",
      "",
      `Once the receiver works, enable it with one click and recover the failed deliveries: ${endpointLink(ws.slug, endpoint)}`,
    ].join("\n"),
  }));
}

export function emailDeliveriesExhausted(endpoint: EndpointRef, eventId: string) {
  return emailOwners(endpoint.workspaceId, (to, ws) => ({
    to,
    subject: `Webhook deliveries of "${ws.name}" ran out of retries`,
    text: [
      `A delivery of event ${eventId} to the ${endpoint.mode} webhook endpoint ${endpoint.url} failed at every one of its attempts, over about two days, and will not be retried.`,
      "Others may follow: this notice is sent at most once a day per endpoint.",
      "",
      `See the attempts and recover the failed deliveries once the receiver works: ${endpointLink(ws.slug, endpoint)}`,
    ].join("\n"),
  }));
}
