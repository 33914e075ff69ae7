import { Agent, createServer, request, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pipeline } from "node:stream";

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
  /** Requests sent to it and not yet finished (answered in full, failed or aborted)… */
  inFlight?: number;
  /** …of which its answer has begun (headers in) and is still being relayed. */
  relaying?: number;
}

/** The balancer's state for one instance at one moment, printed during the runs. */
export interface UpstreamSnapshot {
  name: string;
  ready: boolean;
  inFlight: number;
  /** In flight with the answer begun (the rest wait for the instance's headers or for a socket). */
  relaying: number;
  answered: number;
  /** The keep-alive agent's sockets to it in use, idle, and requests queued for a socket. */
  busySockets: number;
  freeSockets: number;
  queued: number;
}

export interface BalancerStats {
  retried: number;
  failed: number;
  /** What the failures were (error codes), for the table. */
  failures: Record<string, number>;
  /** Clients that went (closed their connection) before their answer was complete. */
  clientsGone: number;
}

/** One client request and the upstream request currently sent for it. */
interface Exchange {
  out?: ClientRequest;
  gone: boolean;
}

/**
 * `maxSockets`: connections kept to each instance at most. The harness passes the load's
 * connection count, so the balancer never queues a request of its own (one instance may take
 * the whole load while the other drains); a queue in the agent is invisible to both sides.
 */
export function startBalancer(port: number, upstreams: Upstream[], options: { maxSockets: number }): { server: Server; stats: BalancerStats; snapshot(): UpstreamSnapshot[]; close(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const stats: BalancerStats = { retried: 0, failed: 0, failures: {}, clientsGone: 0 };
  // The agent's pools are keyed by its name for the options: "127.0.0.1:<port>:".
  const count = (pool: NodeJS.ReadOnlyDict<unknown[]>, u: Upstream) => Object.entries(pool).reduce((n, [key, list]) => n + (key.startsWith(`127.0.0.1:${u.port}:`) ? (list?.length ?? 0) : 0), 0);
  const snapshot = (): UpstreamSnapshot[] =>
    upstreams.map((u) => ({ name: u.name, ready: u.ready, inFlight: u.inFlight ?? 0, relaying: u.relaying ?? 0, answered: u.answered, busySockets: count(agent.sockets, u), freeSockets: count(agent.freeSockets, u), queued: count(agent.requests, u) }));
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

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<Upstream>, current: Exchange) => {
    // The client went while the request was re-sent: nobody to answer.
    if (current.gone) return;
    const upstream = pick(tried);
    if (!upstream) {
      stats.failed += 1;
      res.writeHead(502, { "content-type": "text/plain" }).end("no instance reachable");
      return;
    }
    tried.add(upstream);
    upstream.inFlight = (upstream.inFlight ?? 0) + 1;
    let finished = false;
    let relaying = false;
    const done = () => {
      if (finished) return;
      finished = true;
      upstream.inFlight = (upstream.inFlight ?? 1) - 1;
      if (relaying) upstream.relaying = (upstream.relaying ?? 1) - 1;
    };
    const headers = { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1" };
    const out = request({ host: "127.0.0.1", port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      upstream.answered += 1;
      relaying = true;
      upstream.relaying = (upstream.relaying ?? 0) + 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on("end", done);
      // Either side ending early ends the other: a client gone destroys the instance's
      // answer (and its connection, so it is never left half read in the agent's pool).
      pipeline(answer, res, () => {});
    });
    current.out = out;
    out.on("close", done);
    out.on("error", (error: NodeJS.ErrnoException) => {
      // Destroyed because the client went (below): nobody to answer or re-send for.
      if (current.gone) return;
      const neverReached = error.code === "ECONNREFUSED" || (out.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE"));
      if (neverReached && !res.headersSent) {
        if (error.code === "ECONNREFUSED") upstream.ready = false;
        stats.retried += 1;
        forward(req, res, body, tried, current);
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
    const current: Exchange = { gone: false };
    // A client that goes (autocannon gives up after 30 s) takes its upstream request with it:
    // left running, an answer nobody reads holds one of the agent's sockets for ever.
    res.on("close", () => {
      if (res.writableFinished) return;
      stats.clientsGone += 1;
      current.gone = true;
      current.out?.destroy();
    });
    req.on("end", () => forward(req, res, Buffer.concat(chunks), new Set(), current));
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, "127.0.0.1");
  return {
    server,
    stats,
    snapshot,
    close: async () => {
      clearInterval(poll);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
