import type pg from "pg";

/**
 * The pool Prisma's PostgreSQL adapter draws from, with one round trip less per transaction:
 * the adapter sends `BEGIN` as its own statement as soon as it takes a connection; here the
 * `BEGIN` is held and sent in front of the transaction's first statement. When that statement
 * has no parameters (the tenant transaction's settings, lib/db/scoped.ts) both go as one
 * simple-protocol message, `BEGIN; <statement>`, and the statement's result is returned;
 * otherwise `BEGIN` goes first, as before. Either way the server sees the same statements in
 * the same order on the same connection; only the waiting between them goes.
 */
export function withDeferredBegin(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === "connect") {
        return async (...args: unknown[]) => {
          if (args.length > 0) return (target.connect as (...a: unknown[]) => unknown)(...args);
          return deferringBegin(await target.connect());
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

type QueryConfig = { text: string; values?: unknown[] } & Record<string, unknown>;

function deferringBegin(client: pg.PoolClient): pg.PoolClient {
  let held = false;
  const query = async (config: unknown, ...rest: unknown[]): Promise<unknown> => {
    const isConfig = typeof config === "object" && config !== null && typeof (config as QueryConfig).text === "string" && rest.length === 0;
    if (isConfig && (config as QueryConfig).text === "BEGIN" && !(config as QueryConfig).values?.length && !held) {
      held = true;
      return { command: "BEGIN", rowCount: null, rows: [], fields: [], oid: null };
    }
    if (held) {
      held = false;
      const statement = config as QueryConfig;
      if (isConfig && !statement.values?.length && !statement.name) {
        const results = (await client.query({ ...statement, text: `BEGIN; ${statement.text}` } as never)) as unknown;
        return Array.isArray(results) ? results[results.length - 1] : results;
      }
      await client.query("BEGIN");
    }
    return (client.query as (...a: unknown[]) => unknown)(config, ...rest);
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "query") return query;
      if (property === "release") {
        return (...args: unknown[]) => {
          held = false;
          return (target.release as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
