import type { NextRequest } from "next/server";
import { resolveRequestId } from "@/lib/api/request-id";
import { errorResponse } from "@/lib/api/respond";
import { workspaceRouteContext } from "@/lib/authz/page";
import { exportCallLog } from "@/lib/calls/export-download";

/** GET /{workspace}/calls/export?…filters: the filtered call log as a streamed CSV file. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ workspace: string }> }) {
  const requestId = resolveRequestId(request.headers.get("x-request-id"));
  try {
    const { workspace: slug } = await params;
    const ctx = await workspaceRouteContext(slug, "calls:read");
    return await exportCallLog(ctx, request.nextUrl.searchParams, requestId);
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

export const dynamic = "force-dynamic";
