import "server-only";
import { config } from "../../config";
import { db } from "../../db/client";
import { sendEmail } from "../../email/send";
import { log } from "../../log/logger";

/** A stream failing for longer than this is stalled: its owners are told once (decision 038). */
export const STALL_AFTER_MS = 30 * 60_000;

interface StalledStream {
  id: string;
  workspaceId: string | null;
  name: string;
  failingSince: Date;
  lastError: string | null;
}

/** Who hears of a stalled stream: the workspace's owners, or active staff for the platform's. */
async function recipientsOf(workspaceId: string | null): Promise<{ to: string[]; where: string }> {
  if (!workspaceId) {
    const staff = await db().staffAccount.findMany({ where: { disabledAt: null }, select: { email: true } });
    return { to: staff.map((s) => s.email), where: "the platform" };
  }
  const workspace = await db().workspace.findUnique({
    where: { id: workspaceId },
    select: { name: true, slug: true, memberships: { where: { role: "owner" }, select: { user: { select: { email: true } } } } },
  });
  if (!workspace) return { to: [], where: "" };
  return { to: workspace.memberships.map((m) => m.user.email), where: `“${workspace.name}” (${config().APP_URL}/${workspace.slug}/security/streams)` };
}

/**
 * Tells the owners once that a stream has been failing for STALL_AFTER_MS. The claim on
 * `stall_notified_at` (set only while it is null) makes the email go once across workers;
 * the next success clears it, so a later stall is reported again. Nothing is lost meanwhile:
 * the cursor waits. The email names the destination and the error, never its secret or URL
 * path (the path may carry the receiver's own token).
 */
export async function notifyIfStalled(stream: StalledStream, now: Date): Promise<boolean> {
  if (now.getTime() - stream.failingSince.getTime() < STALL_AFTER_MS) return false;
  const claimed = await db().evidenceStream.updateMany({ where: { id: stream.id, stallNotifiedAt: null }, data: { stallNotifiedAt: now } });
  if (claimed.count === 0) return false;
  const { to, where } = await recipientsOf(stream.workspaceId);
  const minutes = Math.round((now.getTime() - stream.failingSince.getTime()) / 60_000);
  for (const address of to) {
    await sendEmail({
      to: address,
      subject: `Audit stream “${stream.name}” has stalled`,
      text: [
        `The evidence stream “${stream.name}” of ${where} has failed to deliver for ${minutes} minutes.`,
        "",
        `Last error: ${stream.lastError ?? "unknown"}`,
        "",
        "Nothing is lost: audit rows and security events wait at the stream's cursor and are sent, in order, once the destination accepts them again.",
        "Check the destination, its credentials and its address.",
      ].join("\n"),
    }).catch((err: unknown) => log().error({ err, stream: stream.id }, "could not send the stalled-stream email"));
  }
  log().warn({ stream: stream.id, workspaceId: stream.workspaceId, minutes, recipients: to.length }, "evidence stream stalled; owners told");
  return true;
}
