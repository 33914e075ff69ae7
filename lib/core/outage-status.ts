import type { ServerResponse } from "node:http";
import { databaseUnavailableSince, outageMark } from "./database-outage";
import { UNAVAILABLE_RETRY_SECONDS } from "./errors";

/**
 * A request that failed with 500 while the database was unreachable is answered 503 with
 * Retry-After instead (issue 22): the truth for clients, balancers and monitors. Route
 * handlers already answer the SERVICE_UNAVAILABLE envelope themselves; this is for what
 * cannot choose its status — a server component's error page. Only a 500, and only when the
 * pool saw the outage after the request began, so a bug is never reported as an outage.
 */
export function answerOutagesWith503(res: ServerResponse): void {
  const startedAt = outageMark();
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (statusCode === 500 && databaseUnavailableSince(startedAt)) {
      statusCode = 503;
      this.statusMessage = "Service Unavailable";
      if (!this.hasHeader("retry-after")) this.setHeader("retry-after", String(UNAVAILABLE_RETRY_SECONDS));
      this.setHeader("cache-control", "no-store");
      // A reason phrase given with the 500 would otherwise be sent with the 503.
      if (typeof rest[0] === "string") rest = rest.slice(1);
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
}
