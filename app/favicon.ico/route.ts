import { publicRoute } from "@/lib/entry/route";

/**
 * GET /favicon.ico — browsers ask for it on their own (Chromium does on error pages such as
 * our 403 and 404, whatever the page's <link rel="icon">). Our icon is app/icon.svg; pointing
 * there answers the request instead of leaving a 404 in every such page's console.
 */
export const GET = publicRoute({
  method: "GET",
  handler: async () => new Response(null, { status: 308, headers: { Location: "/icon.svg", "Cache-Control": "public, max-age=86400" } }),
});
