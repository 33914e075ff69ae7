import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { resolveRequestId } from "@/lib/api/request-id";
import { errorResponse } from "@/lib/api/respond";
import { cookieNames } from "@/lib/auth/cookies";
import { currentRequestMeta, currentSession } from "@/lib/auth/current";
import { requireRecentAuth } from "@/lib/auth/step-up";
import { authorizeMember } from "@/lib/authz/context";
import { exportWorkspaceData } from "@/lib/workspaces/data-export";

/**
 * GET /{workspace}/settings/export: the whole workspace's data as a streamed ZIP. Owner only
 * (a refusal is a security event), a recent password (step-up, as runWorkspaceAction checks
 * it) required, audited. Refusals are the JSON envelope: 401, 404 for non-members, 403.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ workspace: string }> }): Promise<Response> {
  const requestId = resolveRequestId(request.headers.get("x-request-id"));
  try {
    const session = await currentSession();
    if (!session) throw new ApiError("UNAUTHENTICATED");
    const ctx = await authorizeMember(session.user, (await params).workspace, await currentRequestMeta());
    if (!ctx) throw new ApiError("NOT_FOUND");
    const stepUpCookie = (await cookies()).get(cookieNames().stepUp)?.value;
    return await exportWorkspaceData(ctx, requestId, () => requireRecentAuth(session, stepUpCookie));
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

export const dynamic = "force-dynamic";
