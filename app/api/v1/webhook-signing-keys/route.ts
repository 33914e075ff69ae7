import { apiPreflight } from "@/lib/entry/api-route";
import { getWebhookSigningKeysRoute } from "@/lib/api/v1/operations";

export const GET = getWebhookSigningKeysRoute;
export const OPTIONS = apiPreflight;
