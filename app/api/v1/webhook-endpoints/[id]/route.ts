import { apiPreflight } from "@/lib/entry/api-route";
import { deleteWebhookEndpointRoute, getWebhookEndpointRoute, updateWebhookEndpointRoute } from "@/lib/api/v1/operations";

export const GET = getWebhookEndpointRoute;
export const PATCH = updateWebhookEndpointRoute;
export const DELETE = deleteWebhookEndpointRoute;
export const OPTIONS = apiPreflight;
