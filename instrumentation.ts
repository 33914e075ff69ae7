import type { Instrumentation } from "next";

/**
 * Next's instrumentation hooks (issue 17 item 4, decision 035). In production every console.*
 * write of the server goes through the structured logger, and every page, server-action and
 * route error is one JSON log line with its request id and digest, scrubbed — instead of
 * Next's default, unscrubbed error print.
 */
export async function register(): Promise<void> {
  // Next's documented runtime test, inlined at build time (not a setting: lib/config.ts reads
  // those); it keeps the Node-only logger out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("./lib/config");
  if (!config().isProduction) return;
  const { routeConsoleToLogger } = await import("./lib/log/console-to-logger");
  routeConsoleToLogger();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./lib/log/request-error");
  logRequestError(error, request, context);
};
