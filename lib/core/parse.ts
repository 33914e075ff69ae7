import type { z } from "zod";
import { AppError, type ErrorDetail } from "./errors";

/** A zod failure as the envelope's `details`: at most 20, each naming its field. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((issue) => ({
    field: issue.path.join(".") || undefined,
    issue: issue.message,
  }));
}

/** The input through its schema, or 400 VALIDATION_FAILED with the details. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError("VALIDATION_FAILED", undefined, { details: zodDetails(result.error) });
  }
  return result.data;
}
