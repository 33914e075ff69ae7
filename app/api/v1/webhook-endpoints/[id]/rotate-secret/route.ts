import { apiPreflight } from "@/lib/entry/api-route";
import { rotateWebhookSecretRoute } from "@/lib/api/v1/operations";

export const POST = rotateWebhookSecretRoute;
export const OPTIONS = apiPreflight;
