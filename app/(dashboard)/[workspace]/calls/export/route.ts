import { exportCallLog } from "@/lib/calls/export-download";
import { memberRoute } from "@/lib/entry/route";

/** GET …/export?…filters: the filtered call log as a streamed CSV file. */
export const GET = memberRoute({
  method: "GET",
  permission: "calls:read",
  handler: ({ principal, request, requestId }) => exportCallLog(principal, request.nextUrl.searchParams, requestId),
});

export const dynamic = "force-dynamic";
