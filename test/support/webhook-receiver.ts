import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  eventId: string;
  eventType: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** The response body; default "ok" for 200, "no" otherwise. */
  body?: string;
}

/**
 * A real HTTP receiver on loopback. Each path answers from its own script (then 200), so a
 * test can point one endpoint at `/gone` and another at `/ok`; every request is recorded.
 */
export async function startReceiver() {
  const hits: Hit[] = [];
  const scripts = new Map<string, Answer[]>();
  const fixed = new Map<string, Answer>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      hits.push({ path, headers: req.headers, body, eventId: String(req.headers["x-switchboard-event-id"] ?? ""), eventType: String(req.headers["x-switchboard-event-type"] ?? "") });
      const answer = scripts.get(path)?.shift() ?? fixed.get(path) ?? { status: 200 };
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers }).end(answer.body ?? (answer.status === 200 ? "ok" : "no"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hits,
    url: (path: string) => `${base}${path}`,
    /** The next answers on `path`, in order; after them, `always` (or 200). */
    script: (path: string, answers: Answer[]) => void scripts.set(path, [...answers]),
    always: (path: string, answer: Answer) => void fixed.set(path, answer),
    reset: () => {
      hits.length = 0;
      scripts.clear();
      fixed.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
