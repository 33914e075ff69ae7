import { sanitisePlainField } from "../uploads/sanitise-text";

/**
 * User-written text (names, descriptions) as plain text (SPEC §8): the one sanitiser
 * (lib/uploads/sanitise-text — sanitize-html with no tags allowed, repeated until decoding
 * entities uncovers no more markup, so an escaped `&lt;script&gt;` cannot come back as a
 * tag; script URLs and control or invisible characters removed), whitespace collapsed.
 * React escapes on output as well.
 */
export function plainText(input: string): string {
  return sanitisePlainField(input);
}
