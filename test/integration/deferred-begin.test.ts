import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDeferredBegin } from "@/lib/db/deferred-begin";

/**
 * lib/db/deferred-begin.ts on a real PostgreSQL (skipped on PGlite, which it does not wrap):
 * the adapter's BEGIN travels with the transaction's first statement when that has no
 * parameters, the statements still run inside the transaction, and a failure still aborts it.
 */
const url = process.env.TEST_DATABASE_URL;
let pool: pg.Pool;
let sent: string[] = [];
const counted = new WeakSet<pg.PoolClient>();
beforeAll(() => {
  pool = new pg.Pool({ connectionString: url, max: 1 });
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  // Counts what reaches the driver, under the wrapper.
  pool.connect = (async () => {
    const client = await connect();
    if (counted.has(client)) return client;
    counted.add(client);
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    client.query = ((config: unknown, ...rest: unknown[]) => {
      sent.push(typeof config === "string" ? config : (config as { text: string }).text);
      return query(config, ...rest);
    }) as typeof client.query;
    return client;
  }) as typeof pool.connect;
});
afterAll(async () => pool?.end());

describe.skipIf(!url)("deferred BEGIN", () => {
  it("sends BEGIN with a parameterless first statement, in one message, inside the transaction", async () => {
    sent = [];
    const client = await withDeferredBegin(pool).connect();
    try {
      const begin = await client.query({ text: "BEGIN", values: [] });
      expect(begin.rows).toEqual([]);
      const first = await client.query({ text: "SELECT set_config('app.probe', 'in', true) AS probe, 7 AS n", values: [], rowMode: "array" } as never);
      expect((first as unknown as { rows: unknown[][] }).rows).toEqual([["in", 7]]);
      // A transaction-local setting lasts to the next statement only inside a transaction.
      const second = await client.query({ text: "SELECT current_setting('app.probe', true) AS probe, $1::int AS n", values: [8] });
      expect(second.rows).toEqual([{ probe: "in", n: 8 }]);
      await client.query({ text: "COMMIT", values: [] });
      expect((await client.query("SELECT current_setting('app.probe', true) AS probe")).rows).toEqual([{ probe: "" }]);
    } finally {
      client.release();
    }
    expect(sent.slice(0, 3)).toEqual([
      "BEGIN; SELECT set_config('app.probe', 'in', true) AS probe, 7 AS n",
      "SELECT current_setting('app.probe', true) AS probe, $1::int AS n",
      "COMMIT",
    ]);
  });

  it("sends BEGIN on its own before a first statement with parameters", async () => {
    sent = [];
    const client = await withDeferredBegin(pool).connect();
    try {
      await client.query({ text: "BEGIN", values: [] });
      await client.query({ text: "SELECT set_config('app.probe', $1, true)", values: ["in"] });
      expect((await client.query({ text: "SELECT current_setting('app.probe', true) AS probe", values: [] })).rows).toEqual([{ probe: "in" }]);
      await client.query({ text: "COMMIT", values: [] });
    } finally {
      client.release();
    }
    expect(sent).toEqual(["BEGIN", "SELECT set_config('app.probe', $1, true)", "SELECT current_setting('app.probe', true) AS probe", "COMMIT"]);
  });

  it("a failing first statement leaves the transaction aborted until ROLLBACK, as without the wrapper", async () => {
    const client = await withDeferredBegin(pool).connect();
    try {
      await client.query({ text: "BEGIN", values: [] });
      await expect(client.query({ text: "SELECT 1/0", values: [] })).rejects.toThrow(/division by zero/);
      await expect(client.query({ text: "SELECT 1", values: [] })).rejects.toThrow(/aborted/);
      await client.query({ text: "ROLLBACK", values: [] });
      expect((await client.query("SELECT 2 AS n")).rows).toEqual([{ n: 2 }]);
    } finally {
      client.release();
    }
  });
});
