import { WIDGET_FRAME_SCRIPT } from "./frame-client-script";
import { WIDGET_FRAME_STYLES } from "./frame-styles";

/** What the frame page shows: the customer's theme over the agent's own greeting. */
export interface WidgetFrameView {
  publicId: string;
  title: string;
  greeting: string;
  /** "#rrggbb"; anything else falls back to the house colour (it lands in CSS). */
  accent: string | null;
  /** The active hours as visitors read them (lib/widget-embed/hours-summary.ts), or null. */
  hours: string | null;
}

const DEFAULT_ACCENT = "#4f46e5";
const HEX = /^#[0-9a-f]{6}$/i;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside <script type="application/json">: no "</script>" or "<!--" can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** White or near-black text on the accent, whichever has the higher WCAG contrast. */
export function textOnAccent(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  const onWhite = 1.05 / (luminance + 0.05);
  const onDark = (luminance + 0.05) / (0.0144 + 0.05);
  return onWhite >= onDark ? "#ffffff" : "#0f172a";
}

/** The frame document: markup, styles and script carry the request's nonce (our CSP). */
export function widgetFrameHtml(view: WidgetFrameView, nonce: string): string {
  const accent = view.accent && HEX.test(view.accent) ? view.accent.toLowerCase() : DEFAULT_ACCENT;
  const title = escapeHtml(view.title);
  const config = scriptJson({ widgetId: view.publicId, title: view.title, greeting: view.greeting, hours: view.hours });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin">
<title>${title}</title>
<style nonce="${nonce}">:root{--accent:${accent};--on-accent:${textOnAccent(accent)}}${WIDGET_FRAME_STYLES}</style>
</head>
<body data-state="starting">
<header>
<h1 id="title">${title}</h1>
<button type="button" id="close" class="icon" aria-label="Close chat">×</button>
</header>
<div id="log" role="log" aria-live="polite" aria-labelledby="title"><ol id="messages"></ol></div>
<p id="status" role="status" hidden></p>
<form id="composer" autocomplete="off">
<label class="sr-only" for="message">Your message</label>
<input id="message" name="message" type="text" maxlength="2000" placeholder="Type your message…" disabled>
<button type="submit" id="send" disabled>Send</button>
</form>
<footer><span>Powered by Switchboard</span><button type="button" id="end" disabled>End chat</button></footer>
<script type="application/json" id="widget-config">${config}</script>
<script nonce="${nonce}">${WIDGET_FRAME_SCRIPT}</script>
</body>
</html>`;
}
