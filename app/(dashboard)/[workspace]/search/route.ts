import { memberRoute } from "@/lib/entry/route";
import { searchWorkspace } from "@/lib/search/workspace-search";

/**
 * GET …/search?q=: the command palette's lookup. Every member may ask; each kind of result
 * is filtered by the permission its page needs (lib/search), so no permission here.
 */
export const GET = memberRoute({
  method: "GET",
  permission: null,
  handler: async ({ principal, request }) => ({ hits: await searchWorkspace(principal, request.nextUrl.searchParams.get("q") ?? "") }),
});

export const dynamic = "force-dynamic";
