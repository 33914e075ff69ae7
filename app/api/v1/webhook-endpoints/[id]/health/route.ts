import { apiPreflight } from "@/lib/entry/api-route";
import { getWebhookEndpointHealthRoute } from "@/lib/api/v1/operations";

export const GET = getWebhookEndpointHealthRoute;
export const OPTIONS = apiPreflight;
