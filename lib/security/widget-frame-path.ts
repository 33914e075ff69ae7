/**
 * The web widget's frame page, `/widget/wgt_…` (SPEC §14): the one page another site may
 * frame. The gate leaves its Content-Security-Policy and X-Frame-Options to the page's route
 * (app/widget/[id]/route.ts), which builds the same nonce policy with `frame-ancestors` set
 * to the widget's embed domains (decision 048). Only GET and HEAD: nothing else is answered
 * there, so any other method keeps the default headers.
 */
const WIDGET_FRAME_PATH = /^\/widget\/wgt_[0-9A-Za-z]{22}$/;

export function isWidgetFramePath(path: string, method: string): boolean {
  return (method === "GET" || method === "HEAD") && WIDGET_FRAME_PATH.test(path);
}

/** The headers the gate does not set on the frame page: its route sets them, per widget. */
export const WIDGET_FRAME_ROUTE_HEADERS = ["Content-Security-Policy", "X-Frame-Options"] as const;
