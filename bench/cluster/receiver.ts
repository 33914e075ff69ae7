import { createServer, type Server } from "node:http";

/**
 * The loopback webhook receiver: every delivery's event id, counted. "Down" closes its
 * listener, so attempts meet a refused connection, as with a receiver that is off.
 */
export class Receiver {
  readonly seen = new Map<string, number>();
  private server: Server | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }
  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const id = req.headers["x-switchboard-event-id"] ?? req.headers["webhook-id"];
      req.resume();
      req.on("end", () => {
        if (typeof id === "string") this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", resolve);
    });
    this.server = server;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
