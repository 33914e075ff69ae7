import sanitizeHtml from "sanitize-html";

/**
 * Plain text for the knowledge base and for short user fields (SPEC §8). sanitize-html with no
 * tag allowed removes markup; its entity escaping is then undone so the text reads naturally
 * ("Tom & Jerry"), and because undoing it can reveal markup that was only encoded
 * ("&lt;script&gt;"), the strip repeats until nothing changes. React escapes on output; this is
 * the layer that keeps stored text inert wherever else it ends up (an LLM prompt, an email,
 * an auto-linking renderer).
 */

const STRIP_ALL: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: "discard",
  // Elements whose content is code or chrome, not prose: dropped with the tag.
  nonTextTags: ["script", "style", "textarea", "option", "xmp", "noscript", "noembed", "noframes", "iframe", "template", "object", "applet"],
};

const ESCAPED: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const MAX_PASSES = 5;

// Script-running URL schemes, with the whitespace and control characters browsers skip
// inside a scheme ("java\tscript:").
const SCRIPT_SCHEME = /\b(?:j[\s\0]*a[\s\0]*v[\s\0]*a|v[\s\0]*b|l[\s\0]*i[\s\0]*v[\s\0]*e)[\s\0]*s[\s\0]*c[\s\0]*r[\s\0]*i[\s\0]*p[\s\0]*t[\s\0]*:|\bdata[\s\0]*:[\s\0]*text\/html/gi;
// Control characters except tab and newline; DEL and C1.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Invisible characters that reorder or hide text (Trojan Source, "ASCII smuggling" to LLMs
// with Unicode tag characters). ZWJ/ZWNJ and LRM/RLM stay: scripts need them.
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u{e0000}-\u{e007f}]/gu;
// A Markdown autolink (<https://…>) is a URL, not a tag: keep it before the strip sees a tag.
const AUTOLINK = /<((?:https?|mailto):[^\s<>"]+)>/gi;

// htmlparser2 (under sanitize-html) unshifts every open element onto an array, so n unclosed
// tags cost n² — 1.6 M "<b>" would take minutes. The strip therefore runs on chunks of about
// CHUNK_CHARS cut just before a "<": a cut never splits "<" from the character after it, and
// the passes repeat until the whole text is stable, so no markup can form across a cut.
const CHUNK_CHARS = 8192;
// What htmlparser2 may read as markup: a tag, comment, doctype or processing instruction
// opening, or an entity. A chunk without any is returned as is (the strip would not change it).
const MARKUP_START = /<[a-z!/?]|&[a-z#]/i;

function stripChunk(chunk: string): string {
  if (!MARKUP_START.test(chunk)) return chunk;
  return sanitizeHtml(chunk, STRIP_ALL).replace(/&(amp|lt|gt|quot|#39);/g, (m) => ESCAPED[m] ?? m);
}

function stripMarkupOnce(text: string): string {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = start + CHUNK_CHARS;
    if (end >= text.length) end = text.length;
    else {
      const cut = text.indexOf("<", end);
      end = cut === -1 ? text.length : cut;
    }
    parts.push(stripChunk(text.slice(start, end)));
    start = end;
  }
  return parts.join("");
}

/** Multi-line plain text: markup, script URLs and control characters removed; lines kept. */
export function sanitiseText(input: string): string {
  let text = input.replace(/\r\n?/g, "\n").replace(AUTOLINK, "$1");
  let isStable = false;
  for (let pass = 0; pass < MAX_PASSES && !isStable; pass++) {
    const next = stripMarkupOnce(text);
    isStable = next === text;
    text = next;
  }
  // Still changing after MAX_PASSES means layer upon layer of encoded markup: drop every "<"
  // that could open a tag rather than guess.
  if (!isStable) text = text.replace(/<(?=[a-z!/?])/gi, "");
  let previous: string;
  do {
    previous = text;
    text = text.replace(SCRIPT_SCHEME, "");
  } while (text !== previous);
  return text.toWellFormed().normalize("NFC").replace(CONTROL, "").replace(INVISIBLE, "");
}

export interface PlainFieldOptions {
  /** In characters (code points), applied after cleaning. */
  maxLength?: number;
}

/**
 * A short single-line field (agent greeting, display name): sanitiseText, then every run of
 * whitespace (newlines included) becomes one space, trimmed.
 */
export function sanitisePlainField(value: unknown, options: PlainFieldOptions = {}): string {
  if (typeof value !== "string") return "";
  const text = sanitiseText(value).replace(/\s+/gu, " ").trim();
  if (options.maxLength === undefined) return text;
  return [...text].slice(0, options.maxLength).join("").trim();
}
