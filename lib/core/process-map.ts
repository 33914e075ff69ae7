/**
 * A Map shared by every copy of a module in this process. Next bundles a module into several
 * chunks (route handlers, server actions, pages), each with its own module state, so a cache
 * kept per copy misses the invalidation another copy made: a widget saved by a server action
 * stayed cached, unchanged, in the route that starts sessions. Keyed on globalThis by name.
 */
export function processMap<K, V>(name: string): Map<K, V> {
  const slot = Symbol.for(`switchboard.process-map.${name}`);
  const shared = globalThis as unknown as Record<symbol, Map<K, V> | undefined>;
  return (shared[slot] ??= new Map<K, V>());
}

/** The process-wide cache of public widget views (lib/widget/public-widget.ts). */
export const PUBLIC_WIDGET_CACHE = "widget.public";
