import { sanitisePlainField } from "../uploads/sanitise-text";

export const LABEL_MAX = 80;

/** A number's label as stored: plain text (SPEC §8), at most 80 characters; empty → null. */
export function sanitiseLabel(input: string | null | undefined): string | null {
  if (!input) return null;
  return sanitisePlainField(input.slice(0, 2000), { maxLength: LABEL_MAX }) || null;
}
