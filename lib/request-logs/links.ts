import { config } from "../config";

/** The dashboard page of one request (Developers → Logs), for error envelopes and emails. */
export function requestLogUrl(workspaceSlug: string, requestId: string): string {
  return `${config().APP_URL}/${encodeURIComponent(workspaceSlug)}/developers/logs?request_id=${encodeURIComponent(requestId)}`;
}
