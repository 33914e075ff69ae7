import { z } from "zod";

/** The phone-numbers API's request and response schemas: they validate and they document (lib/api/openapi.ts). */

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
