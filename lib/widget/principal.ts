import "server-only";
import type { RequestMeta } from "../audit/context";
import { principalOf, type Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import type { PublicWidget } from "./public-widget";

/**
 * The workspace as a widget visitor reaches it: a Principal with no permission at all
 * (`can` is always false), acting as the system on the widget's behalf, in the widget's mode.
 * It exists so the rules every caller meets — the credit guard, the scoped data layer,
 * audit — take the visitor like any other caller; it can read or change nothing a
 * permission guards.
 */
export function widgetPrincipal(widget: PublicWidget, meta: RequestMeta): Principal {
  return principalOf(
    {
      actor: { type: "system", label: `widget ${widget.publicId}` },
      workspace: { id: widget.workspaceId, slug: widget.workspaceSlug, name: widget.workspaceName, callerMasking: widget.callerMasking, closure: null, suspension: null },
      mode: widget.mode,
      role: null,
      label: `widget ${widget.publicId}`,
      meta,
      can: () => false,
      eventDetails: { widget: widget.publicId },
      userId: null,
      refusal: () => new AppError("NOT_FOUND"),
    },
    {},
  );
}
