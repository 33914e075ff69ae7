import { workspaceDownload } from "@/lib/authz/page";
import { exportAuditLog } from "@/lib/audit/export";

/** GET …/export?…filters: the filtered audit log as a streamed CSV file. */
export const GET = workspaceDownload("audit:read", exportAuditLog);

export const dynamic = "force-dynamic";
