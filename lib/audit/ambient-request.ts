import { REQUEST_ID_HEADER } from "../core/request-id";

export interface AmbientRequestMeta {
  requestId: string | null;
  userAgent: string | null;
}

/**
 * The request id and user agent of the request being handled, from Next's request scope, for
 * records whose caller did not pass them (a security event deep in a domain). Outside a
 * request (jobs, scripts, tests) or where Next has no request scope (the proxy), null.
 */
export async function ambientRequestMeta(): Promise<AmbientRequestMeta | null> {
  try {
    const { headers } = await import("next/headers");
    const h = await headers();
    return { requestId: h.get(REQUEST_ID_HEADER), userAgent: h.get("user-agent")?.slice(0, 512) ?? null };
  } catch {
    return null;
  }
}
