import { createServer, type Server } from "node:http";
import next from "next";
import { PEER_HEADER } from "../../lib/security/client-ip";

export interface RunningServer {
  server: Server;
  close(): Promise<void>;
}

/**
 * Next behind a plain Node HTTP server, for one reason: the socket's address. Next keeps a
 * client-sent X-Forwarded-For, so the only trustworthy client address is the socket's, and
 * only this layer sees it. It overwrites PEER_HEADER on every request (a client cannot set it).
 */
export async function startHttpServer(options: { dev: boolean; port: number; hostname: string }): Promise<RunningServer> {
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
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
