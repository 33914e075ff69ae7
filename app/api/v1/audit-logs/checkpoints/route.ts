import { apiPreflight } from "@/lib/entry/api-route";
import { listAuditCheckpointsRoute } from "@/lib/api/v1/operations";

export const GET = listAuditCheckpointsRoute;
export const OPTIONS = apiPreflight;
