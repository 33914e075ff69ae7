import { request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { UpstreamSnapshot } from "./proxy";

/**
 * What the harness prints every few seconds during a run (issue 22's stall): the balancer's
 * state per instance, each instance asked directly (not through the balancer) on a
 * database-backed route, and how long the harness's own event loop was blocked.
 */
export interface MonitorOptions {
  everyMs: number;
  snapshot: () => UpstreamSnapshot[];
  clientsGone: () => number;
  /** The instances, asked directly. */
  apps: { name: string; port: number }[];
  /** The database-backed route asked, with its headers. */
  probe: { path: string; headers: Record<string, string> };
  timeoutMs: number;
}

/** One request on its own connection: "200 35ms", "timeout>10s", or the error code. */
function probe(port: number, path: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(`${res.statusCode} ${Date.now() - started}ms`));
      res.on("error", () => resolve(`${res.statusCode} cut`));
    });
    req.on("timeout", () => {
      req.destroy();
      resolve(`timeout>${timeoutMs / 1000}s`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

export function describe(snapshot: UpstreamSnapshot[]): string {
  return snapshot.map((u) => `${u.name}${u.ready ? "" : "(not ready)"} answered ${u.answered}, in flight ${u.inFlight} (${u.relaying} relaying an answer), agent busy ${u.busySockets} idle ${u.freeSockets} queued ${u.queued}`).join("; ");
}

/** Starts printing; the returned function stops it. */
export function startMonitor(label: string, o: MonitorOptions): () => void {
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const started = Date.now();
  const probing = new Map<string, number>();
  const last = new Map<string, string>();
  const gone0 = o.clientsGone();
  const timer = setInterval(() => {
    for (const app of o.apps) {
      if (probing.has(app.name)) continue;
      probing.set(app.name, Date.now());
      void probe(app.port, o.probe.path, o.probe.headers, o.timeoutMs).then((r) => {
        last.set(app.name, r);
        probing.delete(app.name);
      });
    }
    // A probe still waiting says so, with the answer of the one before it.
    const direct = o.apps
      .map((a) => {
        const since = probing.get(a.name);
        const waiting = since !== undefined && Date.now() - since > 1_000 ? `waiting ${Math.round((Date.now() - since) / 1000)}s, before: ` : "";
        return `${a.name} ${waiting}${last.get(a.name) ?? "-"}`;
      })
      .join(", ");
    console.log(
      `   [${label} +${Math.round((Date.now() - started) / 1000)}s] ${describe(o.snapshot())}; clients gone early ${o.clientsGone() - gone0}; direct ${o.probe.path}: ${direct}; harness event loop blocked up to ${Math.round(lag.max / 1e6)} ms`,
    );
    lag.reset();
  }, o.everyMs);
  return () => {
    clearInterval(timer);
    lag.disable();
  };
}
