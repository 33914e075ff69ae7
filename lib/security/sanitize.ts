import sanitizeHtml from "sanitize-html";

const ESCAPED: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * User-written text (names, descriptions) as plain text (SPEC §8): every tag and comment is
 * stripped by sanitize-html, its entity escaping undone (React escapes on output), control
 * characters removed and whitespace collapsed.
 */
export function plainText(input: string): string {
  const stripped = sanitizeHtml(input, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: "discard" });
  return stripped
    .replace(/&(amp|lt|gt|quot|#39);/g, (m) => ESCAPED[m])
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
