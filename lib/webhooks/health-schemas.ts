import { z } from "zod";
import { HEALTH_WINDOWS } from "./health";

/** `GET /webhook-endpoints/{id}/health`: its query and answer (they validate and document, lib/api/openapi.ts). */

export const endpointHealthQuery = z.strictObject({
  window: z.enum(HEALTH_WINDOWS).default("24h").describe("`24h` (hourly buckets, the default) or `7d` (6-hourly buckets)"),
});

export const endpointHealthSchema = z
  .object({
    endpoint_id: z.string().uuid(),
    window: z.enum(HEALTH_WINDOWS),
    from: z.string().datetime().describe("Start of the oldest bucket"),
    to: z.string().datetime().describe("End of the current bucket"),
    bucket_seconds: z.number().int(),
    attempts: z.number().int().describe("Delivery attempts started in the window"),
    succeeded: z.number().int().describe("Attempts answered with a 2xx"),
    failed: z.number().int().describe("Every other attempt: non-2xx, redirect, timeout, refused or unreachable"),
    success_rate: z.number().min(0).max(1).nullable().describe("succeeded / attempts; null without attempts"),
    latency_ms: z
      .object({ p50: z.number().int().nullable(), p99: z.number().int().nullable() })
      .describe("Percentiles over every attempt in the window, timeouts included; null without attempts"),
    enabled: z.boolean(),
    failing_since: z.string().datetime().nullable().describe("Since when every attempt has failed; null once one succeeds"),
    auto_disable_at: z
      .string()
      .datetime()
      .nullable()
      .describe("When the endpoint is disabled automatically unless a delivery succeeds first (failing_since + 5 days); null unless enabled and failing"),
    buckets: z.array(z.object({ start: z.string().datetime(), succeeded: z.number().int(), failed: z.number().int() })).describe("Oldest first, zero-filled"),
  })
  .meta({ id: "WebhookEndpointHealth" });
