import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

type ScriptRunner = (script: string) => Promise<void>;

/**
 * Migration scripts must run whole. @prisma/adapter-pg's executeScript splits on ";", which
 * breaks any function body (our audit trigger), and pglite-prisma-adapter's does not await
 * its promise. This wraps a factory so that the schema engine's executeScript sends the
 * script as one simple-protocol query — what the native engine and psql do.
 */
export function withWholeScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  runScript: ScriptRunner,
): SqlMigrationAwareDriverAdapterFactory {
  const wrapAdapter = <T extends object>(adapter: T): T =>
    new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === "executeScript") return runScript;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return async () => wrapAdapter(await target.connect());
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
