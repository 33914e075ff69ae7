import { z } from "zod";

/** The SPEC §3 error envelope (lib/core/errors.ts `envelope`), as the API documents it. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      request_id: z.string(),
      request_log_url: z.string().optional().describe("The request's page in the dashboard (Developers → Logs); on answers to requests whose key was recognised."),
      details: z.array(z.object({ field: z.string().optional(), issue: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });
