import { apiPreflight } from "@/lib/entry/api-route";
import { getWebhookRecoveryRoute } from "@/lib/api/v1/operations";

export const GET = getWebhookRecoveryRoute;
export const OPTIONS = apiPreflight;
