import { apiPreflight } from "@/lib/entry/api-route";
import { listWidgetsRoute } from "@/lib/api/v1/operations";

export const GET = listWidgetsRoute;
export const OPTIONS = apiPreflight;
