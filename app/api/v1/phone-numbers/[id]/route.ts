import { apiPreflight } from "@/lib/entry/api-route";
import { getPhoneNumberRoute } from "@/lib/api/v1/operations";

export const GET = getPhoneNumberRoute;
export const OPTIONS = apiPreflight;
