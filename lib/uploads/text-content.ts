import { rejection, type UploadRejection } from "./errors";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Text, Markdown and CSV have no magic bytes: they are accepted when the bytes are valid UTF-8
 * (a BOM is allowed) without NUL bytes — binary data and UTF-16 fail one or the other.
 */
export function decodeUtf8Text(bytes: Uint8Array): { status: "text"; text: string } | UploadRejection {
  if (bytes.includes(0)) {
    return rejection("invalid_text", "This file contains binary data, not text: text, Markdown and CSV files must be UTF-8 text.", "NUL byte");
  }
  try {
    return { status: "text", text: utf8.decode(bytes) };
  } catch {
    return rejection("invalid_text", "This file is not valid UTF-8 text: save it as UTF-8 and try again.", "invalid UTF-8");
  }
}

// A document that is markup rather than text: an XML prolog, a doctype, or an <html>/<svg>
// root as the first thing in the file.
const MARKUP_DOCUMENT = /^\s*(<\?xml\b|<!doctype\b|<html\b|<svg\b|<head\b|<body\b)/i;
// Script wherever it appears: a script/SVG/frame/object tag, an on…= handler inside a tag,
// or a script: URL (entities and spaces between letters included, as browsers accept them).
const SCRIPT_TAG = /<\s*(script|iframe|frame|frameset|object|embed|applet|meta|base|link|style|form|math)\b/i;
// Tag-like runs never overlap ("[^<>]*" stops at the next "<"), so finding handlers stays
// linear in the file size however many unclosed "<a" it holds.
const TAG_LIKE = /<[a-z][^<>]*/gi;
const HANDLER = /[\s"'/]on[a-z]+\s*=/i;
const SCRIPT_URL = /(j|&#0*106;|&#x0*6a;)\s*(a|&#0*97;|&#x0*61;)\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*(:|&colon;|&#0*58;|&#x0*3a;)|vbscript\s*:|data\s*:\s*text\/html/i;

/**
 * SVG and HTML/XML with script are refused (SPEC §8): renamed to .txt or .md they would still
 * run if ever served or previewed as markup. Markdown may carry inline HTML, so the same
 * script markers are refused there too; harmless inline tags (<br>, <b>) are allowed and
 * stripped at extraction.
 */
export function findActiveContent(text: string): UploadRejection | undefined {
  const sample = text.replace(/^\uFEFF/, "");
  if (/<svg\b|<!doctype\s+svg\b/i.test(sample)) {
    return rejection("active_content", "SVG images cannot be uploaded: they can contain scripts. Upload a PDF or text instead.", "svg");
  }
  const marker = SCRIPT_TAG.exec(sample) ?? findHandlerInTag(sample) ?? SCRIPT_URL.exec(sample);
  if (marker) {
    return rejection("active_content", "This file contains HTML with scripts or embedded content, which cannot be uploaded.", `marker ${JSON.stringify(marker[0].slice(0, 40))}`);
  }
  if (MARKUP_DOCUMENT.test(sample)) {
    return rejection("extension_mismatch", "This file is an HTML or XML document, not plain text: upload it as PDF or text.", "markup document");
  }
  return undefined;
}

function findHandlerInTag(text: string): RegExpExecArray | null {
  for (const tag of text.matchAll(TAG_LIKE)) {
    const handler = HANDLER.exec(tag[0]);
    if (handler) return handler;
  }
  return null;
}
