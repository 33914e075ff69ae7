import { workspaceDownload } from "@/lib/authz/page";
import { exportCallLog } from "@/lib/calls/export-download";

/** GET …/export?…filters: the filtered call log as a streamed CSV file. */
export const GET = workspaceDownload("calls:read", exportCallLog);

export const dynamic = "force-dynamic";
