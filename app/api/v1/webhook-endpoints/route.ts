import { NextResponse } from "next/server";
import { apiPreflight, defineApiRoute } from "@/lib/api/api-route";
import { createWebhookEndpointBody, listQuery } from "@/lib/api/v1/schemas";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints";

export const GET = defineApiRoute({
  permission: "webhooks:manage",
  query: listQuery,
  handler: ({ api, query }) => listEndpoints(api, query),
});

export const POST = defineApiRoute({
  permission: "webhooks:manage",
  body: createWebhookEndpointBody,
  bodyLimitBytes: 8 * 1024,
  handler: async ({ api, body }) => NextResponse.json(await createEndpoint(api, body), { status: 201 }),
});

export const OPTIONS = apiPreflight;
