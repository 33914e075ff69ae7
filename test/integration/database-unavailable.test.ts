import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, toAppError } from "@/lib/core/errors";
import { postgresDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { errorResponse } from "@/lib/entry/respond";
import { startDraining } from "@/lib/core/draining";
import { checkHealth } from "@/lib/health";
import { databaseUnavailableSince, noteDatabaseUnavailable, outageMark } from "@/lib/core/database-outage";
import { answerOutagesWith503 } from "@/lib/core/outage-status";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { unreachableDatabase } from "../support/unreachable-database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

async function thrownBy(query: () => Promise<unknown>): Promise<unknown> {
  try {
    await query();
  } catch (error) {
    return error;
  }
  throw new Error("the query did not fail");
}

describe("an unreachable database answers 503, not 500 (issue 22)", () => {
  it("a refused connection from the real client is SERVICE_UNAVAILABLE with Retry-After, in the envelope", async () => {
    const down = await unreachableDatabase();
    const prisma = new PrismaClient({ adapter: down.factory });
    try {
      const error = await thrownBy(() => prisma.user.findFirst());
      expect(toAppError(error)).toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
      const response = errorResponse(error, "req_test");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.message).not.toMatch(/127\.0\.0\.1|P1001|ECONNREFUSED/);
    } finally {
      await prisma.$disconnect();
      await down.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("a connection terminated by the server (a restart) is SERVICE_UNAVAILABLE too", async () => {
    const live = postgresDatabase(database.url!, 1);
    const prisma = new PrismaClient({ adapter: live.factory });
    try {
      const [row] = await prisma.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      // Terminated while a query runs on it — deterministic, unlike terminating an idle
      // connection, which the pool may notice (and replace) before the next query is sent.
      const inFlight = thrownBy(() => prisma.$queryRaw`SELECT pg_sleep(30)::text AS slept`);
      const killer = postgresDatabase(database.url!, 1);
      try {
        for (let tries = 0; ; tries++) {
          const { rows } = await killer.pool!.query<{ waiting: boolean }>(
            "SELECT query LIKE '%pg_sleep(30)%' AS waiting FROM pg_stat_activity WHERE pid = $1", [row!.pid]);
          if (rows[0]?.waiting) break;
          if (tries > 200) throw new Error("the query never started");
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await killer.pool!.query("SELECT pg_terminate_backend($1)", [row!.pid]);
      } finally {
        await killer.close();
      }
      expect(toAppError(await inFlight).code).toBe("SERVICE_UNAVAILABLE");
      // The pool replaces the connection by itself.
      expect(await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await prisma.$disconnect();
      await live.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("a connection's error is heard even while it is checked out and nobody listens yet (noted as an outage)", async () => {
    // pg-pool hands a new connection out without a listener; a server error in the same packet
    // as its ReadyForQuery used to be an uncaughtException (one per instance per restart).
    const live = postgresDatabase(database.url!, 1);
    try {
      const client = await live.pool!.connect();
      try {
        expect(client.listenerCount("error")).toBeGreaterThanOrEqual(1);
        const since = outageMark();
        const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
        expect(() => client.emit("error", terminated)).not.toThrow();
        expect(databaseUnavailableSince(since)).toBe(true);
      } finally {
        client.release(true);
      }
    } finally {
      await live.close();
    }
  });

  it("a pool whose every connection is busy past its wait is SERVICE_UNAVAILABLE (node-postgres's and Prisma's words)", () => {
    expect(toAppError(new Error("timeout exceeded when trying to connect")).code).toBe("SERVICE_UNAVAILABLE");
    expect(toAppError(Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" })).code).toBe("SERVICE_UNAVAILABLE");
  });

  it("a transaction that outlived its time budget (rolled back: nothing kept) is SERVICE_UNAVAILABLE, from the real client", async () => {
    const error = await thrownBy(() =>
      database.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          // Its next statement comes after the budget (as one queued behind a restart does).
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.$queryRaw`SELECT 1`;
        },
        { timeout: 100 },
      ),
    );
    expect(String((error as Error).message)).toMatch(/expired transaction/);
    expect(toAppError(error)).toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
    // A transaction used after it ended is a bug, and stays one.
    expect(toAppError(Object.assign(new Error("Transaction API error: Transaction already closed: A commit cannot be executed on a committed transaction."), { code: "P2028" })).code).toBe("INTERNAL");
  });

  it("any other error stays INTERNAL and an AppError stays itself", () => {
    expect(toAppError(new Error("relation \"x\" does not exist")).code).toBe("INTERNAL");
    expect(toAppError(Object.assign(new Error("unique"), { code: "P2002" })).code).toBe("INTERNAL");
    expect(toAppError(new AppError("NOT_FOUND")).code).toBe("NOT_FOUND");
  });
});

describe("a page that fails during an outage answers 503, not 500", () => {
  it("the pool notes a connection it could not make, through Prisma and directly", async () => {
    const down = await unreachableDatabase();
    const prisma = new PrismaClient({ adapter: down.factory });
    try {
      let since = outageMark();
      await thrownBy(() => prisma.user.findFirst());
      expect(databaseUnavailableSince(since)).toBe(true);
      since = outageMark();
      expect(databaseUnavailableSince(since)).toBe(false);
      await thrownBy(() => down.pool!.connect());
      expect(databaseUnavailableSince(since)).toBe(true);
      since = outageMark();
      await thrownBy(() => down.pool!.query("SELECT 1"));
      expect(databaseUnavailableSince(since)).toBe(true);
    } finally {
      await prisma.$disconnect();
      await down.close();
    }
  });

  it("the server turns only a 500 after an outage seen during that request into 503 with Retry-After", async () => {
    const server = createHttpServer((req, res) => {
      answerOutagesWith503(res);
      const [, status, outage] = /^\/(\d+)\/(yes|no)$/.exec(req.url ?? "") ?? [];
      if (outage === "yes") noteDatabaseUnavailable();
      res.statusCode = Number(status);
      if (req.url === "/500/yes" && req.headers["x-explicit"]) res.writeHead(500, "Internal Server Error", { "x-page": "error" });
      res.end("page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const outage = await fetch(`${base}/500/yes`);
      expect([outage.status, outage.headers.get("retry-after")]).toEqual([503, "5"]);
      const explicit = await fetch(`${base}/500/yes`, { headers: { "x-explicit": "1" } });
      expect([explicit.status, explicit.statusText, explicit.headers.get("x-page")]).toEqual([503, "Service Unavailable", "error"]);
      // An outage noted before this request began does not make its bug an outage.
      const bug = await fetch(`${base}/500/no`);
      expect([bug.status, bug.headers.get("retry-after")]).toEqual([500, null]);
      expect((await fetch(`${base}/200/yes`)).status).toBe(200);
      expect((await fetch(`${base}/404/yes`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe("readiness while draining (decision 053)", () => {
  it("is 'draining' at once, without asking any dependency", async () => {
    expect((await checkHealth()).status).not.toBe("draining");
    startDraining();
    try {
      expect(await checkHealth()).toMatchObject({ status: "draining", clock_skew_ms: null });
    } finally {
      delete (globalThis as { __switchboardDraining?: unknown }).__switchboardDraining;
    }
  });
});
