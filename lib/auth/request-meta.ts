import { config } from "../config";
import { REQUEST_ID_HEADER } from "../core/request-id";
import { clientIp } from "../security/client-ip";

export interface RequestMetaFull {
  ip: string;
  userAgent: string | null;
  requestId: string | null;
}

/** Client IP (see client-ip.ts), user agent and request id of a request's headers. */
export function requestMeta(headers: Headers | Record<string, string | string[] | undefined>): RequestMetaFull {
  const h = headers instanceof Headers ? headers : toHeaders(headers);
  return {
    ip: clientIp(h, config().TRUST_PROXY_HOPS),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
    requestId: h.get(REQUEST_ID_HEADER),
  };
}

function toHeaders(record: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === "string") h.set(k, v);
    else if (Array.isArray(v)) h.set(k, v.join(", "));
  }
  return h;
}
