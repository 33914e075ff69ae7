import { z } from "zod";

/** The SPEC §3 error envelope (lib/core/errors.ts `envelope`), as the API documents it. */
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
