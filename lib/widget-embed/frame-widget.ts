import "server-only";
import { findPublicWidget } from "../widget/public-widget";
import type { FramedWidget } from "./frame-response";
import { activeHoursSummary } from "./hours-summary";

const DEFAULT_TITLE = "Chat with us";

/**
 * What the frame page of `publicId` shows, or null (404) for an unknown or disabled widget
 * or a closed workspace (SPEC §14). The theme's title and greeting win over the defaults;
 * W1's public lookup (lib/widget/public-widget.ts) already folds the greeting.
 */
export async function frameWidget(publicId: string): Promise<FramedWidget | null> {
  const widget = await findPublicWidget(publicId);
  if (!widget || !widget.enabled || !widget.workspaceOpen) return null;
  return {
    view: {
      publicId: widget.publicId,
      title: widget.theme.title || DEFAULT_TITLE,
      greeting: widget.greeting,
      accent: widget.theme.accent ?? null,
      hours: activeHoursSummary(widget.hours, widget.timeZone),
    },
    frameAncestors: widget.frameAncestors,
  };
}
