import { randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import next from "next";
import { isDraining, startDraining } from "../../lib/core/draining";
import { answerOutagesWith503 } from "../../lib/core/outage-status";
import { PEER_HEADER, PEER_STAMP_HEADER, resolvePeer } from "../../lib/security/client-ip";
import { guardServer, refuseBeforeNext, type GuardOptions } from "../../lib/security/pre-next-guard";

export interface RunningServer {
  server: Server;
  /**
   * Graceful stop (decision 053): readiness answers 503 at once; after `delayMs` the listener
   * closes (new connections are refused) and idle keep-alive connections end; requests in
   * flight finish, their connections closing after the response; after `graceMs` whatever is
   * still open is cut. Answers how many requests were still running when the grace ran out.
   */
  close(options?: { graceMs?: number; delayMs?: number }): Promise<number>;
}

/**
 * Next behind a plain Node HTTP server, for one reason: the socket's address. Next keeps a
 * client-sent X-Forwarded-For, so the only trustworthy client address is the socket's, and
 * only this layer sees it. It overwrites PEER_HEADER on every request (a client cannot set it),
 * and answers the requests Next never shows the gate (CONNECT, TRACE, unparsable methods).
 *
 * Next sends some requests back to this server over loopback (a server action posted to a
 * page that does not own it is forwarded to the page that does), copying the original
 * headers. So the server also signs what it stamps (PEER_STAMP_HEADER, an HMAC under a secret
 * made here and never written anywhere), and a request from this host whose stamp verifies
 * keeps the client's address instead of getting 127.0.0.1 (lib/security/client-ip.ts,
 * decision 027). Internal hops always come back to this process (Next fetches its own
 * hostname and port), so the secret never needs to leave it.
 */
export async function startHttpServer(options: { dev: boolean; port: number; hostname: string; guard: GuardOptions }): Promise<RunningServer> {
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const stampSecret = randomBytes(32);
  const inFlight = new Set<ServerResponse>();
  let idle: (() => void) | undefined;
  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once("close", () => {
      inFlight.delete(res);
      if (inFlight.size === 0) idle?.();
    });
    // Draining: this connection ends after its response, so a client's next request opens a
    // new connection (to another instance) instead of finding this one closed under it.
    if (isDraining()) res.setHeader("connection", "close");
    answerOutagesWith503(res);
    // headersDistinct: a stamp sent twice is two values, refused as such (not joined, not "the first").
    const stampValues = req.headersDistinct[PEER_STAMP_HEADER];
    const stampHeader = stampValues?.length === 1 ? stampValues[0] : stampValues;
    const { peer, stamp } = resolvePeer(stampHeader, req.socket, stampSecret, Date.now());
    req.headers[PEER_HEADER] = peer;
    req.headers[PEER_STAMP_HEADER] = stamp;
    // What Next would answer in plain text, or not at all, gets the envelope here (lib/security/pre-next-guard.ts).
    if (refuseBeforeNext(req, res, options.guard)) return;
    void handle(req, res);
  });
  guardServer(server, options.guard);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return {
    server,
    close: async ({ graceMs = 20_000, delayMs = 0 } = {}) => {
      startDraining();
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests already running answer with Connection: close too (those not yet answering).
      for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      const drained = new Promise<void>((resolve) => {
        idle = resolve;
        if (inFlight.size === 0) resolve();
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        drained.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
      ]);
      clearTimeout(timer);
      const cut = timedOut ? inFlight.size : 0;
      // Keep-alive connections that went idle after their last response, and (past the grace) the rest.
      server.closeAllConnections();
      await closed;
      await app.close?.();
      return cut;
    },
  };
}
