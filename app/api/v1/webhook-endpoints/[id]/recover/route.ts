import { apiPreflight } from "@/lib/entry/api-route";
import { recoverWebhookDeliveriesRoute } from "@/lib/api/v1/operations";

export const POST = recoverWebhookDeliveriesRoute;
export const OPTIONS = apiPreflight;
