import { apiPreflight } from "@/lib/entry/api-route";
import { listCallsRoute } from "@/lib/api/v1/operations";

export const GET = listCallsRoute;
export const OPTIONS = apiPreflight;
