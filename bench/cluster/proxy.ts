import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * The balancer in front of the cluster (harness only, not the product): round robin over the
 * instances, skipping one whose readiness (/api/health) is not 200 — a draining instance
 * answers 503 at once — unless none is ready. A request is sent again to the next instance
 * only when it never reached the first: connection refused, or a pooled connection the
 * instance had already closed (Node's documented `reusedSocket` case). Never after any byte
 * of an answer, so nothing is done twice.
 */
export interface Upstream {
  name: string;
  port: number;
  ready: boolean;
  answered: number;
}

export interface BalancerStats {
  retried: number;
  failed: number;
  /** What the failures were (error codes), for the table. */
  failures: Record<string, number>;
}

export function startBalancer(port: number, upstreams: Upstream[]): { server: Server; stats: BalancerStats; close(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const stats: BalancerStats = { retried: 0, failed: 0, failures: {} };
  const probing = new Set<Upstream>();
  let next = 0;
  // One readiness probe per instance at a time, every half second (a probe asks the database).
  const poll = setInterval(() => {
    for (const u of upstreams) {
      if (probing.has(u)) continue;
      probing.add(u);
      const req = request({ host: "127.0.0.1", port: u.port, path: "/api/health", agent: false, timeout: 5_000 }, (res) => {
        u.ready = res.statusCode === 200;
        res.resume();
        res.on("end", () => probing.delete(u));
      });
      req.on("error", () => {
        u.ready = false;
        probing.delete(u);
      });
      req.on("timeout", () => req.destroy());
      req.end();
    }
  }, 500);

  const pick = (exclude: Set<Upstream>) => {
    const candidates = upstreams.filter((u) => !exclude.has(u));
    const ready = candidates.filter((u) => u.ready);
    const pool = ready.length > 0 ? ready : candidates;
    if (pool.length === 0) return undefined;
    return pool[next++ % pool.length];
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<Upstream>) => {
    const upstream = pick(tried);
    if (!upstream) {
      stats.failed += 1;
      res.writeHead(502, { "content-type": "text/plain" }).end("no instance reachable");
      return;
    }
    tried.add(upstream);
    const headers = { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1" };
    const out = request({ host: "127.0.0.1", port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      upstream.answered += 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", (error: NodeJS.ErrnoException) => {
      const neverReached = error.code === "ECONNREFUSED" || (out.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE"));
      if (neverReached && !res.headersSent) {
        if (error.code === "ECONNREFUSED") upstream.ready = false;
        stats.retried += 1;
        forward(req, res, body, tried);
        return;
      }
      stats.failed += 1;
      const what = `${error.code ?? error.message}${out.reusedSocket ? " (reused socket)" : ""}`;
      stats.failures[what] = (stats.failures[what] ?? 0) + 1;
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`upstream ${upstream.name}: ${error.code}`);
      else res.destroy();
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => forward(req, res, Buffer.concat(chunks), new Set()));
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, "127.0.0.1");
  return {
    server,
    stats,
    close: async () => {
      clearInterval(poll);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
