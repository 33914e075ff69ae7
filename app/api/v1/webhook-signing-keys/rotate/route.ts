import { apiPreflight } from "@/lib/entry/api-route";
import { rotateWebhookSigningKeyRoute } from "@/lib/api/v1/operations";

export const POST = rotateWebhookSigningKeyRoute;
export const OPTIONS = apiPreflight;
