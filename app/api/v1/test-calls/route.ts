import { apiPreflight } from "@/lib/entry/api-route";
import { createTestCallRoute } from "@/lib/api/v1/operations";

export const POST = createTestCallRoute;
export const OPTIONS = apiPreflight;
