import { apiPreflight } from "@/lib/entry/api-route";
import { createWebhookEndpointRoute, listWebhookEndpointsRoute } from "@/lib/api/v1/operations";

export const GET = listWebhookEndpointsRoute;
export const POST = createWebhookEndpointRoute;
export const OPTIONS = apiPreflight;
