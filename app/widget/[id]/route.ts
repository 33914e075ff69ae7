import { publicRoute } from "@/lib/entry/route";
import { config } from "@/lib/config";
import { frameWidget } from "@/lib/widget-embed/frame-widget";
import { serveWidgetFrame } from "@/lib/widget-embed/frame-response";

/**
 * GET /widget/{id} — the widget's frame page (SPEC §14): framable only by the widget's embed
 * domains; unknown or disabled widgets answer 404. A route handler rather than a page, so it
 * sets its own CSP (with the gate's nonce) and drops X-Frame-Options (decision 048).
 */
export const GET = publicRoute({
  method: "GET",
  handler: async ({ request, requestId, param }) => {
    const cfg = config();
    return serveWidgetFrame(param("id"), frameWidget, { nonce: request.headers.get("x-nonce"), https: cfg.isHttps, dev: cfg.NODE_ENV === "development", requestId });
  },
});
