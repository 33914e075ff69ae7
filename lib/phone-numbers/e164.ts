import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** A valid phone number in E.164 (libphonenumber-js "max" metadata), or null. */
export function parseE164(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed.startsWith("+") || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** +442079460123 → "+44 20 7946 0123" (the number's own country's international format). */
export function formatE164(number: string): string {
  return parsePhoneNumberFromString(number)?.formatInternational() ?? number;
}

export const E164_HINT = "Give the number in E.164 form: + then the country code and number, e.g. +442079460123.";
