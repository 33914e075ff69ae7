import { NextResponse } from "next/server";
import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { createTestCallBody } from "@/lib/api/v1/schemas";
import { runTestCall } from "@/lib/calls/test-calls";

export const POST = defineApiRoute({
  permission: "test_calls:run",
  body: createTestCallBody,
  bodyLimitBytes: 16 * 1024,
  handler: async ({ api, body }) => NextResponse.json(await runTestCall(api, body), { status: 201 }),
});

export const OPTIONS = apiPreflight;
