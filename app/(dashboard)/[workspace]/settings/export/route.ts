import { workspaceDownload } from "@/lib/authz/page";
import { exportWorkspaceData } from "@/lib/workspaces/data-export";

/**
 * GET /{workspace}/settings/export: the whole workspace's data as a streamed ZIP. Owner only
 * (checked in exportWorkspaceData; a refusal is a security event), sudo mode required,
 * audited.
 */
export const GET = workspaceDownload(null, (ctx, _search, requestId) => exportWorkspaceData(ctx, requestId, ctx.requireStepUp));

export const dynamic = "force-dynamic";
