import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { getPhoneNumber } from "@/lib/phone-numbers/numbers";

export const GET = defineApiRoute({
  permission: "calls:read",
  handler: ({ api, params }) => getPhoneNumber(api, params.id),
});

export const OPTIONS = apiPreflight;
