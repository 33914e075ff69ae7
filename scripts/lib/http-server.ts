import { createServer, type Server } from "node:http";
import next from "next";
import { PEER_HEADER } from "../../lib/security/client-ip";
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
 */
export async function startHttpServer(options: { dev: boolean; port: number; hostname: string; guard: GuardOptions }): Promise<RunningServer> {
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
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
