import { z } from "zod";
import { cursorSchema, limitSchema } from "../core/pagination";

/** The request-logs API's query and answer (SPEC §3): they validate and they document. */

const STATUS = /^([1-5][0-9]{2}|[1-5]xx)$/;

export const requestLogFilters = {
  request_id: z.string().max(64).optional().describe("The X-Request-Id of a response (exact)."),
  key_id: z.uuid().optional().describe("Requests made with this API key."),
  status: z.string().regex(STATUS, "a status like 404, or a class like 4xx").optional().describe("A status (404) or a class (4xx)."),
  method: z.enum(["GET", "POST", "PATCH", "DELETE"]).optional(),
  path: z.string().max(300).startsWith("/").optional().describe("Paths starting with this, e.g. /api/v1/calls."),
  from: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, inclusive"),
  to: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, exclusive"),
};

export const requestLogQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema, ...requestLogFilters });
export type RequestLogQuery = z.infer<typeof requestLogQuery>;
export type RequestLogFilters = Omit<RequestLogQuery, "limit" | "cursor">;

export const requestLogSchema = z
  .object({
    id: z.string(),
    request_id: z.string(),
    occurred_at: z.string().datetime(),
    method: z.string(),
    route: z.string().describe("The operation's path template, e.g. /calls/{id}."),
    path: z.string(),
    status: z.number().int(),
    error_code: z.string().nullable(),
    duration_ms: z.number(),
    key: z.object({ id: z.string(), display: z.string() }),
    mode: z.enum(["live", "test"]),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    response_bytes: z.number().int().nullable(),
  })
  .meta({ id: "RequestLog" });

export const requestLogList = z.object({ data: z.array(requestLogSchema), next_cursor: z.string().nullable() }).meta({ id: "RequestLogList" });
