import { apiPreflight } from "@/lib/entry/api-route";
import { listRequestLogsRoute } from "@/lib/api/v1/operations";

export const GET = listRequestLogsRoute;
export const OPTIONS = apiPreflight;
