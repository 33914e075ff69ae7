import { NextResponse } from "next/server";
import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { createPhoneNumberBody, listQuery } from "@/lib/api/v1/schemas";
import { createPhoneNumber, listPhoneNumbers } from "@/lib/phone-numbers/numbers";

export const GET = defineApiRoute({
  permission: "calls:read",
  query: listQuery,
  handler: ({ api, query }) => listPhoneNumbers(api, query),
});

export const POST = defineApiRoute({
  permission: "numbers:manage",
  body: createPhoneNumberBody,
  bodyLimitBytes: 4 * 1024,
  handler: async ({ api, body }) => NextResponse.json(await createPhoneNumber(api, body), { status: 201 }),
});

export const OPTIONS = apiPreflight;
