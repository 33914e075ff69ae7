import { apiPreflight } from "@/lib/entry/api-route";
import { getCallRoute } from "@/lib/api/v1/operations";

export const GET = getCallRoute;
export const OPTIONS = apiPreflight;
