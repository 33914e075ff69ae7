import { exportAuditLog } from "@/lib/audit/export";
import { memberRoute } from "@/lib/entry/route";

/** GET …/export?…filters: the filtered audit log as a streamed CSV file. */
export const GET = memberRoute({
  method: "GET",
  permission: "audit:read",
  handler: ({ principal, request, requestId }) => exportAuditLog(principal, request.nextUrl.searchParams, requestId),
});

export const dynamic = "force-dynamic";
