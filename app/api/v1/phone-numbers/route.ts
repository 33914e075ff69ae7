import { apiPreflight } from "@/lib/entry/api-route";
import { createPhoneNumberRoute, listPhoneNumbersRoute } from "@/lib/api/v1/operations";

export const GET = listPhoneNumbersRoute;
export const POST = createPhoneNumberRoute;
export const OPTIONS = apiPreflight;
