import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { runOnce } from "@/lib/webhooks/worker";
import { call, insertKey } from "../support/api";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";

// A separate worker process needs a database two processes can share: PostgreSQL (CI).
// The embedded PGlite belongs to one process, so there this test cannot exist.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!onPostgres)("a worker process killed mid-delivery (PostgreSQL only)", () => {
  let database: TestDatabase;
  let server: Server;
  let child: ChildProcess | undefined;
  const received: IncomingMessage["headers"][] = [];
  let hangFirst = true;

  beforeAll(async () => {
    await useTestEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" });
    database = await createTestDatabase();
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received.push(req.headers);
        if (hangFirst) {
          hangFirst = false;
          return; // the worker is killed while it waits for this answer
        }
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    server.closeAllConnections();
    server.close();
    await database.close();
  });

  it("loses no event: the claim lapses, the next worker delivers it with the same event id", async () => {
    const ws = await callsWorkspace("kill-a");
    const { key } = await insertKey(ws.workspace.id, { mode: "test", scopes: ["webhooks:manage", "test_calls:run"] });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    expect((await call("POST /webhook-endpoints", { key, body: { url, events: ["call.completed"] } })).status).toBe(201);
    expect((await call("POST /test-calls", { key, body: { status: "completed" } })).status).toBe(201);

    // node itself with tsx as a loader (tsx's CLI would run the worker in a child process of
    // its own, which SIGKILL on the CLI leaves behind, still delivering).
    child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/lib/server-only-hook.mjs", "scripts/worker.ts"], {
      env: { ...process.env, ...config().secrets, DATABASE_URL: database.url, TEST_DATABASE_URL: "", LOG_LEVEL: "silent", OUTBOUND_ALLOW_LOOPBACK: "true" },
      stdio: "ignore",
    });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));

    const held = await db().webhookDelivery.findFirstOrThrow();
    expect(held.status).toBe("pending");
    expect(held.attempts).toBe(1);
    expect(held.lockedUntil!.getTime()).toBeGreaterThan(Date.now()); // still claimed by the dead worker
    expect(await runOnce({ now: () => new Date() })).toBe(0); // nobody else may take it yet

    expect(await runOnce({ now: () => new Date(Date.now() + 3 * 60_000) })).toBe(1);
    expect(received).toHaveLength(2);
    const eventId = (i: number) => nth(received, i, "delivery at the receiver")["x-switchboard-event-id"];
    expect(eventId(1)).toBe(eventId(0));
    const done = await db().webhookDelivery.findFirstOrThrow();
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);
  }, 60_000);
});
