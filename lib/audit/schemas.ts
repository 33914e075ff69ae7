import { z } from "zod";
import { cursorSchema, limitSchema } from "../core/pagination";

/** The audit-logs API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

export const auditQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  action: z.string().max(64).optional().describe("Exact action name, e.g. api_key.created"),
  actor_type: z.enum(["user", "api_key", "system", "staff"]).optional(),
  target_type: z.string().max(32).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, inclusive"),
  to: z.iso.datetime({ offset: true }).optional().describe("ISO 8601, exclusive"),
});

export const auditLogSchema = z
  .object({
    id: z.string(),
    occurred_at: z.string().datetime(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
    action: z.string(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable(), label: z.string().nullable() }),
    changes: z.unknown().nullable(),
    ip: z.string().nullable(),
    request_id: z.string().nullable(),
  })
  .meta({ id: "AuditLog" });

export const auditLogList = z.object({ data: z.array(auditLogSchema), next_cursor: z.string().nullable() }).meta({ id: "AuditLogList" });
