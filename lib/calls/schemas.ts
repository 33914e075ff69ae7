import { z } from "zod";
import { cursorSchema, limitSchema } from "../core/pagination";
import { CALL_DIRECTIONS, CALL_STATUSES } from "./kinds";

/** The calls API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

export const CALL_SORTS = ["-started_at", "started_at", "-duration_seconds", "duration_seconds"] as const;

export const callsQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  from: z.iso.datetime({ offset: true }).optional().describe("Started at or after (ISO 8601)"),
  to: z.iso.datetime({ offset: true }).optional().describe("Started before (ISO 8601)"),
  direction: z.enum(CALL_DIRECTIONS).optional(),
  status: z.enum(CALL_STATUSES).optional(),
  caller: z
    .string()
    .min(3)
    .max(32)
    .optional()
    .describe("The caller's full number in E.164. Matched by its keyed hash, never as text: exact matches only."),
  sort: z.enum(CALL_SORTS).default("-started_at").describe("Sort key; a leading - sorts descending. Default -started_at."),
});

export type CallsQuery = z.infer<typeof callsQuery>;

export const callSchema = z
  .object({
    id: z.string().uuid(),
    direction: z.enum(CALL_DIRECTIONS),
    caller_display: z.string().describe("Country code and last three digits, e.g. +234 *** *** 789"),
    caller_number: z
      .string()
      .optional()
      .describe("The full number: present only when the workspace has masking off and the key has calls:read_unmasked"),
    to_number: z.string().describe("The workspace's number, E.164"),
    started_at: z.string().datetime(),
    ended_at: z.string().datetime().nullable(),
    duration_seconds: z.number().int(),
    status: z.enum(CALL_STATUSES),
    mode: z.enum(["live", "test"]),
    channel: z.enum(["phone", "web"]).describe("phone: a phone call; web: a conversation with the web widget (SPEC §14)"),
    has_transcript: z.boolean(),
    has_recording: z.boolean(),
  })
  .meta({ id: "Call" });

export const callDetailSchema = callSchema
  .extend({ transcript: z.string().nullable().describe("Decrypted transcript, when there is one") })
  .meta({ id: "CallDetail" });

export const callList = z.object({ data: z.array(callSchema), next_cursor: z.string().nullable() }).meta({ id: "CallList" });

export const callPath = z.object({ id: z.string().uuid().describe("Call id") });

export const recordingUrlSchema = z
  .object({ url: z.string().describe("Signed URL of the recording, valid 60 seconds"), expires_at: z.string().datetime() })
  .meta({ id: "RecordingUrl" });

export const createTestCallBody = z
  .strictObject({
    caller: z.string().min(3).max(32).optional().describe("The simulated caller, E.164 (default: a random valid number)"),
    to: z.string().min(3).max(32).optional().describe("One of the workspace's numbers of this mode, E.164 (default: the newest)"),
    direction: z.enum(CALL_DIRECTIONS).default("inbound"),
    status: z.enum(CALL_STATUSES).default("completed"),
    duration_seconds: z.number().int().min(0).max(3600).optional().describe("Default: a plausible length for the status"),
    transcript: z.string().max(8000).optional().describe("Default: a generated conversation"),
  })
  .meta({ id: "CreateTestCall" });

export type CreateTestCallInput = z.infer<typeof createTestCallBody>;
