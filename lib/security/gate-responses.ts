import { NextResponse } from "next/server";
import { errorHeaders } from "../core/error-headers";
import { envelope, type AppError } from "../core/errors";

function wantsHtml(accept: string | null): boolean {
  return !!accept && accept.includes("text/html");
}

/** SPEC §3: every answer under /api is the envelope, whatever the client accepts. */
function isApiPath(pathname: string | undefined): boolean {
  return pathname !== undefined && (pathname === "/api" || pathname.startsWith("/api/"));
}

/**
 * A refusal from the gate: the JSON envelope for API clients, a plain page for a browser
 * that posted a form (same status and headers either way). Given the path, a refusal under
 * /api is the envelope even for a browser.
 */
export function gateRefusal(
  error: AppError,
  requestId: string,
  request: { accept: string | null; nonce: string; pathname?: string },
  title: string,
): NextResponse {
  // The gate only refuses with AppErrors, so the envelope needs none of errorResponse's logging.
  const json = NextResponse.json(envelope(error, requestId), { status: error.status, headers: errorHeaders(error, requestId) });
  if (!wantsHtml(request.accept) || isApiPath(request.pathname)) return json;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Switchboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${request.nonce}">body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a}h1{font-size:1.5rem}.ref{color:#64748b}</style></head>
<body><h1>${title}</h1><p>${error.message}</p><p class="ref">Reference: ${requestId}</p>
<p><a href="/">Back to Switchboard</a></p></body></html>`;
  const headers = new Headers(json.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  return new NextResponse(html, { status: json.status, headers });
}
