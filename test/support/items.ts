/**
 * Reading what a test expects to be there. Each throws an Error that says what was missing,
 * so a test fails on absent data instead of carrying `undefined` on (or needing `!`).
 */

/** items[index] (an array or a typed array); fails when the list is shorter. */
export function nth<T>(items: ArrayLike<T>, index: number, what = "item"): T {
  const item = items[index];
  if (item === undefined) throw new Error(`expected ${what} at index ${index}, got ${items.length} item(s)`);
  return item;
}

/** The first item; fails on an empty list. */
export function first<T>(items: ArrayLike<T>, what = "item"): T {
  return nth(items, 0, what);
}

/** The last item; fails on an empty list. */
export function last<T>(items: ArrayLike<T>, what = "item"): T {
  return nth(items, items.length - 1, what);
}

/** A value looked up by key (a record, a regex group, a header); fails when it is absent. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
