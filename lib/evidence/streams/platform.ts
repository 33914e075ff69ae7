import "server-only";
import type { StaffContext, StaffReader } from "../../operator/context";
import type { StreamManager } from "./destinations";
import { streamViews, type StreamView } from "./status";

/**
 * The platform chain's streams (staff in the operator console, decision 038): the same
 * destinations, worker and secret custody as a workspace's, with `workspace_id` NULL. Staff
 * sign in with a second factor every time and the console's session idles out after 30
 * minutes; every change is audited in the platform chain.
 */
export function staffManager(ctx: StaffContext): StreamManager {
  return {
    workspaceId: null,
    data: (fn) => ctx.data(fn),
    audit: (action, target, changes, tx) => ctx.audit(action, target, changes, { tx }),
    ip: ctx.meta.ip ?? null,
    userId: null,
  };
}

export function listPlatformStreams(ctx: StaffReader, now = new Date()): Promise<StreamView[]> {
  return ctx.data((tx) => streamViews(tx, null, now));
}
