import { z } from "zod";
import { cursorSchema, limitSchema } from "./pagination";

/** Request and response schemas of /api/v1: they validate and they document (openapi.ts). */

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      request_id: z.string(),
      details: z.array(z.object({ field: z.string().optional(), issue: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const listQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

export const phoneNumberSchema = z
  .object({
    id: z.string().uuid(),
    number: z.string().describe("E.164, e.g. +2348035550789"),
    label: z.string().nullable(),
    mode: z.enum(["live", "test"]),
    created_at: z.string().datetime(),
  })
  .meta({ id: "PhoneNumber" });

export const phoneNumberPath = z.object({ id: z.string().uuid().describe("Phone number id") });

export const phoneNumberList = z.object({ data: z.array(phoneNumberSchema), next_cursor: z.string().nullable() }).meta({ id: "PhoneNumberList" });

export const createPhoneNumberBody = z
  .strictObject({
    number: z.string().min(3).max(32).describe("E.164: + then country code and number"),
    label: z.string().max(80).optional(),
  })
  .meta({ id: "CreatePhoneNumber" });

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
