import { apiPreflight } from "@/lib/entry/api-route";
import { getCallRecordingRoute } from "@/lib/api/v1/operations";

export const GET = getCallRecordingRoute;
export const OPTIONS = apiPreflight;
