import { apiPreflight } from "@/lib/entry/api-route";
import { listAuditLogsRoute } from "@/lib/api/v1/operations";

export const GET = listAuditLogsRoute;
export const OPTIONS = apiPreflight;
