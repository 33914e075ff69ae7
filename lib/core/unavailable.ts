/**
 * Is this error the database (or its pool) being unreachable, rather than a bug? Then the
 * client gets 503 SERVICE_UNAVAILABLE with Retry-After, not 500 INTERNAL: a PostgreSQL restart
 * fails requests fast and honestly, and the pool reconnects by itself (issue 22). Duck-typed
 * on the codes Prisma, its driver adapter and node-postgres put on what they throw.
 */
const PRISMA_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // reached but timed out
  "P1008", // operation timed out
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
]);
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionAlreadyClosed"]);
// "Unable to start a transaction in the given time" (P2028's pool case) and node-postgres's
// "timeout exceeded when trying to connect": every pooled connection busy. "A query cannot be
// executed on an expired transaction" (P2028 too): the transaction outlived its 10 s budget
// (lib/db/transaction-defaults.ts) and was rolled back — under saturation or a restart, its
// statements waited (the cluster harness saw one at 13 s while PostgreSQL restarted). Nothing
// it did was kept, so the honest answer is "try again" (503), not "bug" (500); it is still
// logged as an error. P2028's other cases (a transaction used after it ended) stay INTERNAL.
const MESSAGES = /Connection terminated|Client has encountered a connection error|connection is closed|Can't reach database server|server closed the connection|Unable to start a transaction in the given time|timeout exceeded when trying to connect|cannot be executed on an expired transaction/i;

/** PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now), 53300 (too many connections). */
const isUnavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";

function codesOf(value: unknown, depth: number, out: string[]): void {
  if (depth > 4 || value === null || typeof value !== "object") return;
  const v = value as Record<string, unknown>;
  for (const key of ["code", "kind", "originalCode"]) if (typeof v[key] === "string") out.push(v[key]);
  if (typeof v.message === "string" && MESSAGES.test(v.message)) out.push("message");
  for (const key of ["cause", "meta", "driverAdapterError"]) codesOf(v[key], depth + 1, out);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const codes: string[] = [];
  codesOf(error, 0, codes);
  if (codes.includes("message")) return true;
  return codes.some((code) => PRISMA_CODES.has(code) || NODE_CODES.has(code) || ADAPTER_KINDS.has(code) || isUnavailableSqlState(code));
}
