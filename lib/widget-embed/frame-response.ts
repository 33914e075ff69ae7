import "server-only";
import { log } from "../log/logger";
import { buildCsp, newNonce } from "../security/csp";
import { widgetFrameHtml, type WidgetFrameView } from "./frame-html";

export interface FramedWidget {
  view: WidgetFrameView;
  /** CSP sources for the widget's embed domains (lib/widget/embed-origins.ts frameAncestorsOf). */
  frameAncestors: readonly string[];
}

const NOT_FOUND_HTML = (nonce: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;margin:2rem;color:#0f172a}@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}}</style></head>
<body><h1>Not found</h1><p>This chat is not available.</p></body></html>`;

/**
 * The frame page's response (SPEC §14, decision 048). The gate leaves CSP and X-Frame-Options
 * to this page (lib/security/widget-frame-path.ts), so every answer here sets both: the
 * widget's page gets our nonce policy with `frame-ancestors` = its embed domains and no
 * X-Frame-Options (it would override frame-ancestors in some browsers, and ALLOW-FROM is
 * gone); a 404 keeps the default, `frame-ancestors 'none'` and DENY.
 */
export function widgetFrameResponse(widget: FramedWidget | null, options: { nonce: string | null; https: boolean; dev: boolean }): Response {
  const nonce = options.nonce ?? newNonce();
  const base = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
  if (!widget) {
    return new Response(NOT_FOUND_HTML(nonce), {
      status: 404,
      headers: { ...base, "Content-Security-Policy": buildCsp(nonce, options), "X-Frame-Options": "DENY" },
    });
  }
  const csp = buildCsp(nonce, { ...options, frameAncestors: widget.frameAncestors });
  return new Response(widgetFrameHtml(widget.view, nonce), { status: 200, headers: { ...base, "Content-Security-Policy": csp } });
}

/** Looks the widget up and answers; a failure is logged and still carries the frame headers. */
export async function serveWidgetFrame(
  publicId: string,
  find: (publicId: string) => Promise<FramedWidget | null>,
  options: { nonce: string | null; https: boolean; dev: boolean; requestId: string },
): Promise<Response> {
  try {
    return widgetFrameResponse(await find(publicId), options);
  } catch (error) {
    log().error({ err: error, requestId: options.requestId }, "widget frame failed");
    const failed = widgetFrameResponse(null, options);
    return new Response("Something went wrong.", { status: 500, headers: failed.headers });
  }
}
