import { publicRoute } from "@/lib/entry/route";
import { WIDGET_LOADER_SCRIPT } from "@/lib/widget-embed/loader-script";

/**
 * GET /widget.js — the widget loader customers' pages include (SPEC §14). The same script for
 * every widget (its id is the tag's data-widget), so it may be cached, briefly: a fix reaches
 * every site within five minutes. Loaded cross-origin by design: `Cross-Origin-Resource-Policy:
 * cross-origin` keeps it loadable on pages that require CORP (COEP).
 */
export const GET = publicRoute({
  method: "GET",
  handler: async () =>
    new Response(WIDGET_LOADER_SCRIPT, {
      headers: {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "public, max-age=300",
        "Cross-Origin-Resource-Policy": "cross-origin",
      },
    }),
});
