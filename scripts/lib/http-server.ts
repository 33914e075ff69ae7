import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import next from "next";
import { PEER_HEADER, PEER_STAMP_HEADER, resolvePeer } from "../../lib/security/client-ip";
import { guardServer, refuseBeforeNext, type GuardOptions } from "../../lib/security/pre-next-guard";

export interface RunningServer {
  server: Server;
  close(): Promise<void>;
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
  const server = createServer((req, res) => {
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close?.();
    },
  };
}
