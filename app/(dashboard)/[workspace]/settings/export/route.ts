import { memberRoute } from "@/lib/entry/route";
import { exportWorkspaceData, STEP_UP_MESSAGE } from "@/lib/workspaces/data-export";

/**
 * GET /{workspace}/settings/export: the whole workspace's data as a streamed ZIP. Owner only
 * (checked in exportWorkspaceData; a refusal is a security event), sudo mode required,
 * audited.
 */
export const GET = memberRoute({
  method: "GET",
  permission: null,
  stepUpMessage: STEP_UP_MESSAGE,
  handler: ({ principal, requestId, requireStepUp }) => exportWorkspaceData(principal, requestId, requireStepUp),
});

export const dynamic = "force-dynamic";
