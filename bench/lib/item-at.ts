/**
 * The item at `index` of a list the benchmark built itself; a clear error naming what was
 * expected there instead of carrying `undefined` into the measurement.
 */
export function itemAt<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`bench: no ${what} at index ${index} (of ${items.length})`);
  return item;
}
